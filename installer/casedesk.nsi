; casedesk Windows installer (NSIS 3, Unicode). Built by installer/build.py:
;   makensis /WX /DAPP_VERSION=0.1.0 /DAPP_VERSION_4=0.1.0.0 /DDIST_DIR=dist\casedesk
;            /DOUT_FILE=dist\casedesk-0.1.0-setup.exe installer\casedesk.nsi
; The version comes only from desktop/__init__.py (__version__); build.py passes it in.
;
; Per-user install, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\casedesk,
; shortcuts to the user's Start menu and desktop, the uninstall entry to HKCU. The clerk's data
; (%LOCALAPPDATA%\casedesk: database, files, backups) is a different folder and is never touched by
; install, upgrade or uninstall.
;
; A running casedesk (window or command) holds the mutex Local\casedesk-<USERNAME>
; (desktop/app_mutex.py). Install, upgrade and uninstall check it first and ask the clerk to close
; the program; a silent run (/S) exits with code 32 instead (EXIT_RUNNING, docs/office-it.md).
; An upgrade copies the new version into $INSTDIR\.new and switches only when every file is
; there: the old files are moved aside, the new ones moved in, and on a failure put back.

Unicode true
ManifestDPIAware true
!ifdef FAST_COMPRESSION
  SetCompressor zlib  ; a quick compile check (installer/build.py --fast-installer), not a release
!else
  SetCompressor /SOLID lzma
!endif

!ifndef APP_VERSION
  !error "APP_VERSION is not defined: build with installer/build.py"
!endif
!ifndef APP_VERSION_4
  !define APP_VERSION_4 "${APP_VERSION}.0"
!endif
!ifndef DIST_DIR
  !error "DIST_DIR (the PyInstaller one-folder bundle) is not defined"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "casedesk-${APP_VERSION}-setup.exe"
!endif
!ifndef APP_EXE
  !define APP_EXE "casedesk.exe"
!endif

!define APP_ID "casedesk"
!define APP_NAME "卫生监督执法文书工作站"
!define APP_PUBLISHER "casedesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\casedesk"
!define MUTEX_PREFIX "Local\casedesk-"  ; desktop/app_mutex.py MUTEX_PREFIX
!define EXIT_RUNNING 32  ; desktop/app_mutex.py EXIT_CODE_RUNNING
!define SYNCHRONIZE 0x00100000
!define STAGING "$INSTDIR\.new"
!define ASIDE "$INSTDIR\.old"

Name "${APP_NAME} ${APP_VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
ShowInstDetails nevershow
ShowUninstDetails nevershow
AllowSkipFiles off  ; a file that cannot be written aborts: never a mixed version

VIProductVersion "${APP_VERSION_4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${APP_PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APP_PUBLISHER}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define MUI_ABORTWARNING
!ifdef APP_ICON
  !define MUI_ICON "${APP_ICON}"
  !define MUI_UNICON "${APP_ICON}"
!endif
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即启动${APP_NAME}"
!define MUI_UNFINISHPAGE_NOAUTOCLOSE
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从本电脑卸载${APP_NAME}。您的数据（数据库、文书、附件和备份）保存在 ${DATA_DIR}，卸载后仍然保留；如不再需要，可在卸载后手动删除该文件夹。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; Is casedesk running? $0 = 1 when it is. The mutex says so for this version on; a version from
; before the mutex is seen by its program file, which Windows keeps locked while it runs.
!macro IS_RUNNING_FUNC UN
Function ${UN}IsRunning
  Push $1
  Push $2
  StrCpy $0 0
  ReadEnvStr $1 USERNAME
  System::Call 'kernel32::OpenMutexW(i ${SYNCHRONIZE}, i 0, w "${MUTEX_PREFIX}$1") i .r2'
  ${If} $2 <> 0
    System::Call 'kernel32::CloseHandle(i r2)'
    StrCpy $0 1
  ${EndIf}
  ${ForEach} $1 0 1 + 1
    ${If} $1 = 0
      StrCpy $2 "$INSTDIR\${APP_EXE}"
    ${Else}
      StrCpy $2 "$INSTDIR\casedesk-cli.exe"
    ${EndIf}
    ${If} ${FileExists} "$2"
      ClearErrors
      FileOpen $2 "$2" a
      ${If} ${Errors}
        StrCpy $0 1
      ${Else}
        FileClose $2
      ${EndIf}
    ${EndIf}
  ${Next}
  Pop $2
  Pop $1
FunctionEnd

; Ask the clerk to close casedesk until it is closed or the clerk cancels; silent: exit code 32.
Function ${UN}RequireClosed
  check:
    Call ${UN}IsRunning
    StrCmp $0 0 done
    IfSilent 0 +3
      SetErrorLevel ${EXIT_RUNNING}
      Quit
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME}正在运行。$\r$\n请先保存并关闭它（包括命令行 casedesk-cli），然后点击“重试”；点击“取消”退出。" IDRETRY check
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  done:
FunctionEnd
!macroend
!insertmacro IS_RUNNING_FUNC ""
!insertmacro IS_RUNNING_FUNC "un."

Function .onInit
  SetShellVarContext current
  ; The data folder must never be the install folder: uninstall removes the install folder.
  ${If} "$INSTDIR" == "${DATA_DIR}"
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP_ID}"
  ${EndIf}
  Call RequireClosed
FunctionEnd

Function un.onInit
  SetShellVarContext current
  Call un.RequireClosed
FunctionEnd

; Move every top-level entry of folder $R0 into folder $R1, replacing what is there.
; $R9 is set to 1 when a move fails (FindNext sets the error flag at the end of every listing,
; so each Rename is checked on its own).
Function MoveEntries
  Push $2
  Push $3
  ${IfNot} ${FileExists} "$R1\*.*"
    CreateDirectory "$R1"
  ${EndIf}
  ClearErrors
  FindFirst $2 $3 "$R0\*"
  ${DoWhile} $3 != ""
    ${If} $3 != "."
    ${AndIf} $3 != ".."
      ${If} ${FileExists} "$R1\$3"
        RMDir /r "$R1\$3"
        Delete "$R1\$3"
      ${EndIf}
      ClearErrors
      Rename "$R0\$3" "$R1\$3"
      ${If} ${Errors}
        StrCpy $R9 1
      ${EndIf}
    ${EndIf}
    FindNext $2 $3
  ${Loop}
  FindClose $2
  Pop $3
  Pop $2
FunctionEnd

; The new version is complete in ${STAGING}: move the old program aside (only what the new one
; replaces), then the new one in. On a failure (a file still locked) the old program is put
; back and the installer stops with EXIT_RUNNING.
Function SwitchToNew
  StrCpy $R9 0
  RMDir /r "${ASIDE}"
  CreateDirectory "${ASIDE}"
  FindFirst $2 $3 "${STAGING}\*"
  ${DoWhile} $3 != ""
    ${If} $3 != "."
    ${AndIf} $3 != ".."
    ${AndIf} ${FileExists} "$INSTDIR\$3"
      ClearErrors
      Rename "$INSTDIR\$3" "${ASIDE}\$3"
      ${If} ${Errors}
        StrCpy $R9 1
      ${EndIf}
    ${EndIf}
    FindNext $2 $3
  ${Loop}
  FindClose $2
  ${If} $R9 = 0
    StrCpy $R0 "${STAGING}"
    StrCpy $R1 "$INSTDIR"
    Call MoveEntries
  ${EndIf}
  ${If} $R9 <> 0
    StrCpy $R0 "${ASIDE}"
    StrCpy $R1 "$INSTDIR"
    Call MoveEntries
    ${IfNot} ${Silent}
      MessageBox MB_ICONSTOP "无法替换 $INSTDIR 中的程序文件（可能仍被占用），已保留原版本。请关闭${APP_NAME}后重新安装。"
    ${EndIf}
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
  RMDir /r "${ASIDE}"
  RMDir /r "${STAGING}"
FunctionEnd

Section "!${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  ; The new version is written beside the old one and switched in when complete: the running
  ; check passed, but a half-copied upgrade must still never leave a mixed version.
  RMDir /r "${STAGING}"
  SetOutPath "${STAGING}"
  File /r "${DIST_DIR}\*"
  SetOutPath "$INSTDIR"
  Call SwitchToNew

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  ; Only what the installer put there: the bundle's folder and executables, then the folder
  ; itself if it is empty. User data lives in ${DATA_DIR} and is kept.
  RMDir /r "$INSTDIR\_internal"
  RMDir /r "$INSTDIR\.new"
  RMDir /r "$INSTDIR\.old"
  Delete "$INSTDIR\casedesk.exe"
  Delete "$INSTDIR\casedesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
