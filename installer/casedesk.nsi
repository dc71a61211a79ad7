; casedesk Windows installer (NSIS 3, Unicode). Built by installer/build.py:
;   makensis /WX /DAPP_VERSION=0.1.0 /DAPP_VERSION_4=0.1.0.0 /DDIST_DIR=dist\casedesk
;            /DOUT_FILE=dist\casedesk-0.1.0-setup.exe installer\casedesk.nsi
; The version comes only from desktop/__init__.py (__version__); build.py passes it in.
;
; Per-user install, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\casedesk,
; shortcuts to the user's Start menu and desktop, the uninstall entry to HKCU. The clerk's data
; (%LOCALAPPDATA%\casedesk: database, files, backups) is a different folder and is never touched by
; install, upgrade or uninstall.

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

Name "${APP_NAME} ${APP_VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
ShowInstDetails nevershow
ShowUninstDetails nevershow

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

Function .onInit
  SetShellVarContext current
  ; The data folder must never be the install folder: uninstall removes the install folder.
  ${If} "$INSTDIR" == "${DATA_DIR}"
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP_ID}"
  ${EndIf}
FunctionEnd

; The same guard for a folder typed on the directory page (Abort greys out 下一步).
Function .onVerifyInstDir
  ${If} "$INSTDIR" == "${DATA_DIR}"
    Abort
  ${EndIf}
FunctionEnd

Section "!${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole program folder, so no stale library of the old version stays.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*"

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
  Delete "$INSTDIR\casedesk.exe"
  Delete "$INSTDIR\casedesk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
