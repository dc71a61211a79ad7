"""One unit of work per user action: leaving the block without commit() rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from database.engine import READONLY_OPTION


class UnitOfWork:
    """A session scope. Repositories never commit; the service calls commit() once."""

    def __init__(self, session_factory: sessionmaker[Session], *, readonly: bool = False) -> None:
        self._session_factory = session_factory
        self._readonly = readonly
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session (only inside the with-block)."""
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        if self._readonly:
            self._session.connection(execution_options={READONLY_OPTION: True})
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        """Make the action's changes durable."""
        self.session.commit()

    def flush(self) -> None:
        """Send pending changes (to get ids) without ending the transaction."""
        self.session.flush()


class UowFactory:
    """Opens a fresh UnitOfWork per call; services receive one of these."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __call__(self, *, readonly: bool = False) -> UnitOfWork:
        return UnitOfWork(self.session_factory, readonly=readonly)
