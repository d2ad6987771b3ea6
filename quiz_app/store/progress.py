"""`ProgressStore`: every read and write of the progress database.

Durability and concurrency: WAL mode, one committed transaction per answer,
`BEGIN IMMEDIATE` for every write and a busy timeout, so that a `kill -9` loses
nothing already answered and two app instances can share one file.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from functools import cache
from hashlib import sha1
from itertools import chain, pairwise, starmap
from operator import itemgetter
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, NoReturn

from quiz_app import scheduling
from quiz_app.i18n import _
from quiz_app.paths import companions, database_path, resolve_home
from quiz_app.scheduling import (
    CardState,
    Rating,
    State,
    StudySettings,
    from_seconds,
    in_turns,
    is_lapse,
    new_card_order,
    to_utc,
    utc_seconds,
    values_json,
)
from quiz_app.store import schema
from quiz_app.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreUnavailableError,
    StoreVersionError,
    folder_problem,
    in_words,
    unavailable,
)
from quiz_app.store.queue import (
    LEARN_AHEAD,
    REVIEW_ORDER,
    Candidate,
    queue_counts,
    review_order,
    today_queue,
)
from quiz_app.store.records import (
    CARD_COLUMNS,
    KIND_NAMES,
    SET_CARD_COLUMNS,
    CardRecord,
    DeckCards,
    DeckCounts,
    QueueEntry,
    QuizAnswer,
    QuizRecord,
    ReviewRecord,
    ReviewResult,
    ReviewTotals,
    state_before,
    state_columns,
    state_from_row,
)
from quiz_app.store.schema import (
    ALL_CARDS,
    APPLICATION_ID,
    CARD_KIND,
    SCHEMA_VERSION,
    apply_migrations,
)
from quiz_app.vocab import Verdict


def _inserted(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT gave its row."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@cache
def _fsrs_scheduler() -> ModuleType:
    """`quiz_app.fsrs_scheduler`, imported at the first answer or preview (home answers
    nothing, and fsrs is a long import); then kept here, as an import statement in the
    answer costs 3 K instructions at each call."""
    import quiz_app.fsrs_scheduler  # noqa: PLC0415

    return quiz_app.fsrs_scheduler


# sqlite3 binds None as NULL only after looking for an adapter for it, in vain: 3 K
# instructions a None, and an answer binds three (a review card's step, twice, and the
# state before, most often derived). Registered, the adapter is a dictionary hit; it is a
# function in C that gives None back (an empty dict's `get`), so None is still bound as
# NULL, for every connection of the process.
_NOTHING: dict[object, None] = {}
sqlite3.register_adapter(type(None), _NOTHING.get)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another program's lock."""
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


CACHE_KIB = 16 * 1024  # the connection's page cache, in KiB

# Due reviews read at once, then twice as many each time the queue needs more (siblings
# left out): the first batch holds a day's reviews at the default limit.
REVIEW_BATCH = 256


# The stored settings of the deck ?2 (JSON): its own, else the global default's (NULL: none
# stored). Read in the statement that reads the card, so that both come from one snapshot and
# an answer needs no check of whether another program changed the settings since.
_SETTINGS_TEXT = (
    "coalesce(nullif((SELECT data FROM settings WHERE scope = ?2), ''), "
    "(SELECT data FROM settings WHERE scope = ''))"
)
# The statements of an answer (`record_review`), made once: the connection's statement
# cache finds each by its text. The deck's settings, the card (NULLs if the store does not
# know it), its latest review's id, and whether that review left the card in the state it
# is in (then the answer's state before is derived from it, not stored: schema.REVIEWS_V4),
# in one statement: each costs as much in Python as in SQLite.
_CARD_AND_LATEST_REVIEW = (
    "SELECT {settings}, c.id, {card}, c.lapses, c.leech, r.id, {same} FROM (SELECT 1) "
    "LEFT JOIN cards c ON c.key = ?1 "
    "LEFT JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE card = c.id)"
).format(
    settings=_SETTINGS_TEXT,
    card=", ".join(f"c.{column}" for column in CARD_COLUMNS.split(", ")),
    same=" AND ".join(f"r.{column} IS c.{column}" for column in CARD_COLUMNS.split(", ")),
)
_UPDATE_ANSWERED_CARD = (
    f"UPDATE cards SET {SET_CARD_COLUMNS}, reps = reps + 1, again = again + ?, "
    "lapses = ?, leech = ?, changed = 0 WHERE id = ?"
)
# A review's id is its second in ms (?1), or one more than the latest of that second's
# (as Anki's revlog): found by the INSERT itself rather than by a query before it.
_INSERT_REVIEW = (
    f"INSERT INTO reviews(id, card, rating, duration_ms, kind, {CARD_COLUMNS}, before) "
    "VALUES ((SELECT coalesce(max(id) + 1, ?1) FROM reviews WHERE id >= ?1 AND id < ?1 + 1000), "
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
)


def _fingerprint(card_ids: Sequence[str]) -> str:
    # sha1 for speed (hardware-accelerated), not security: it only detects edits.
    return sha1("\n".join(card_ids).encode()).hexdigest()


class _WriteTransaction:
    """`ProgressStore._write()`: one committed write transaction, IMMEDIATE so that it
    waits, never deadlocks; one nested in it (in `transaction`) joins it. SQLite's errors
    become store errors.

    A class, not a generator (`contextlib.contextmanager`): every answer goes through it,
    and a generator-based one costs three times as much (9 K instructions of an answer's
    370 K). It holds the store's lock and cursor itself, and the store through a weak
    proxy, each attribute read through which costs a few hundred instructions more."""

    def __init__(self, store: ProgressStore) -> None:
        self._store = weakref.proxy(store)
        self._lock = store._lock
        self._cursor = store._cursor
        self._depth = 0  # the outermost transaction and those nested in it

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        store = self._store
        if self._depth == 0:
            try:
                if store.read_only_reason is not None:
                    raise StoreUnavailableError(f"nothing can be saved: {store.read_only_reason}")
                self._cursor.execute("BEGIN IMMEDIATE")
            except BaseException as error:
                self._lock.release()
                if isinstance(error, (sqlite3.DatabaseError, OSError)):
                    store._raise_as_store_error(error)
                raise
        self._depth += 1
        return store._db

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        store = self._store
        try:
            self._depth -= 1
            if self._depth == 0:
                try:
                    if error is None:
                        self._cursor.execute("COMMIT")  # a full disk may refuse the commit
                        store.has_written = True
                        return
                except BaseException:
                    self._roll_back()
                    raise
                self._roll_back()
        except (sqlite3.DatabaseError, OSError) as failure:
            store._raise_as_store_error(failure)
        finally:
            self._lock.release()
        if isinstance(error, (sqlite3.DatabaseError, OSError)):
            store._raise_as_store_error(error)

    def _roll_back(self) -> None:
        store = self._store
        if store._db.in_transaction:
            self._cursor.execute("ROLLBACK")
        store._forget_what_was_read()  # a deck row or sync may be gone with it


class ProgressStore:
    """One learner's progress in one SQLite file. Safe to share between threads."""

    def __init__(
        self,
        path: str | Path,
        *,
        tz: tzinfo | None = None,
        busy_timeout_ms: int | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """`busy_timeout_ms`: how long a write waits for another program's (the schema's
        `BUSY_TIMEOUT_MS` by default). `on_wait` is told when an upgrade of the schema has to
        wait for another program to finish writing."""
        self.path = Path(path)
        self.tz = tz if tz is not None else scheduling.local_timezone()
        self._lock = threading.RLock()
        self._undo: list[int] = []  # review ids answered through this store, newest last
        self._deck_pks: dict[str, int] = {}
        # Settings by their stored text (None: none stored): never stale, so an answer
        # reads the text with its card rather than checking first for another program's change.
        self._settings_cache: dict[str | None, StudySettings] = {}
        self._synced: dict[str, tuple[str, list[str]]] = {}  # deck -> (fingerprint, card ids)
        self._expected: dict[str, str] = {}  # deck -> digest of its cards' expectations
        self._data_version: int | None = None
        self.has_written = False  # committed a write: worth a backup when closed
        # Why nothing can be saved (a read-only or full data folder), when the database
        # could only be opened for reading; every write then raises StoreUnavailableError.
        self.read_only_reason: str | None = None
        self._on_wait = on_wait
        timeout = schema.BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        self._db = self._connect(timeout)
        # For the statements whose rows are read at once (an answer's, BEGIN and COMMIT):
        # `Connection.execute` makes a cursor each time.
        self._cursor = self._db.cursor()
        # The transaction holds the store through a weak proxy: the two pointing at each
        # other would keep a store dropped without close() (and its connection) alive
        # until a gc pass.
        self._transaction = _WriteTransaction(self)

    @classmethod
    def for_home(cls, home: str | Path | None = None, **kwargs: Any) -> ProgressStore:
        """The store in the data dir (`--home`, $QUIZ_APP_HOME or the platform's)."""
        return cls(database_path(resolve_home(home)), **kwargs)

    def _connect(self, busy_timeout_ms: int) -> sqlite3.Connection:
        """Open the database for writing or, when its folder is read-only or full, for
        reading only (as long as that loses nothing: see `_readable_as_it_is`)."""
        try:
            return self._open(busy_timeout_ms)
        except StoreUnavailableError:
            reason = folder_problem(self.path.parent)
            if reason is None or not self._readable_as_it_is():
                raise
            self.read_only_reason = reason
            return self._open(busy_timeout_ms)

    def _readable_as_it_is(self) -> bool:
        """Whether the file alone holds every committed answer: no write-ahead log left
        beside it (an unfinished one can only be read by a program that can write)."""
        wal = Path(f"{self.path}-wal")
        return self.path.is_file() and (not wal.exists() or wal.stat().st_size == 0)

    def _open(self, busy_timeout_ms: int) -> sqlite3.Connection:
        try:
            if self.read_only_reason is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                target, uri = str(self.path), False
            else:
                # immutable: SQLite reads the file without the -shm it cannot create here.
                target, uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", True
            db = sqlite3.connect(
                target,
                uri=uri,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,  # transactions are explicit
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error) as error:
            raise unavailable(self.path, error) from error
        try:
            with self._guard():
                db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
                # Reading the schema is what tells a damaged or foreign file apart.
                tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                app_id = db.execute("PRAGMA application_id").fetchone()[0]
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if app_id not in (0, APPLICATION_ID) or (version == 0 and tables):
                    raise StoreCorruptError(self.path, _("it is an SQLite file of another program"))
                if version > SCHEMA_VERSION:
                    raise StoreVersionError(
                        _(
                            "{path} was written by a newer quiz-app (schema version "
                            "{version}; this version reads up to {known}). "
                            "Upgrade quiz-app to open it."
                        ).format(path=self.path, version=version, known=SCHEMA_VERSION)
                    )
                # Setting WAL takes the write lock: only a new (or never opened) file needs it.
                mode = db.execute("PRAGMA journal_mode").fetchone()[0]
                if mode != "wal" and self.read_only_reason is None:
                    db.execute("PRAGMA journal_mode = WAL")
                # FULL: each answer is on disk when record_review returns, even across a
                # power cut (NORMAL would only survive a process crash). Costs one fsync.
                db.execute("PRAGMA synchronous = FULL")
                # Up to 16 MB of pages kept between transactions (SQLite's default is 2 MB):
                # the statistics and the queue of a big history read the same indexes
                # again and again; a small history never fills it.
                db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
                db.execute("PRAGMA foreign_keys = ON")
                if version < SCHEMA_VERSION:
                    self._migrate(db, busy_timeout_ms)
                # A dropped table or column is found now, not halfway through drawing a screen.
                if missing := schema.expected_columns() - schema.table_columns(db):
                    tables = ", ".join(sorted({table for table, _column in missing}))
                    raise StoreCorruptError(
                        self.path, _("part of it is missing, in: {tables}").format(tables=tables)
                    )
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection, busy_timeout_ms: int) -> None:
        """Bring an older schema up to date. Only this takes the write lock on opening: a
        database already up to date opens for reading while another program writes."""
        if self.read_only_reason is not None:
            raise StoreUnavailableError(
                f"{self.path} needs an upgrade for this version of quiz-app, and "
                f"{self.read_only_reason}"
            )
        db.execute("PRAGMA busy_timeout = 0")  # first without waiting: to say so if it must
        try:
            apply_migrations(db)
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self._on_wait is not None:
            self._on_wait(
                f"Waiting for another quiz-app to finish with {self.path}: it needs an upgrade "
                "for this version…"
            )
        try:
            apply_migrations(db)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            raise StoreUnavailableError(
                f"{self.path} needs an upgrade for this version of quiz-app, but another "
                f"program (another quiz-app?) kept it locked for more than "
                f"{busy_timeout_ms / 1000:g} s: close it, or wait for it to finish, and try "
                "again. Nothing was changed."
            ) from error

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @staticmethod
    def move_aside(path: str | Path, now: datetime) -> Path:
        """Rename a damaged database (and its -wal/-shm) to a timestamped backup.

        Call it only with the learner's consent or an explicit flag. Never
        overwrites anything: returns the backup path of the main file.
        """
        path = Path(path)
        stamp = to_utc(now).strftime("%Y%m%dT%H%M%SZ")
        for attempt in range(1000):
            name = f"{path.name}.corrupt-{stamp}" + (f"-{attempt}" if attempt else "")
            backup = path.with_name(name)
            if not any(t.exists() for t in (backup, *companions(backup))):
                break
        else:  # pragma: no cover - a thousand backups in one second
            raise StoreError(f"cannot find a free backup name next to {path}")
        path.rename(backup)
        for source, target in zip(companions(path), companions(backup), strict=True):
            if source.exists():
                source.rename(target)
        return backup

    # --- plumbing ---

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.DatabaseError, OSError) as error:
            self._raise_as_store_error(error)

    def _raise_as_store_error(self, error: sqlite3.DatabaseError | OSError) -> NoReturn:
        store_error = self._store_error(error)
        if store_error is None:
            raise error
        raise store_error from error

    def _store_error(self, error: sqlite3.DatabaseError | OSError) -> StoreError | None:
        """What a failing SQLite call means for the store: a damaged file, or a lock held
        or a full or read-only disk; None for what is not about the file (a bug)."""
        if isinstance(error, OSError):
            return unavailable(self.path, error)
        code = getattr(error, "sqlite_errorcode", None)
        if type(error) is sqlite3.DatabaseError or code in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
        ):
            return StoreCorruptError(self.path, in_words(error))
        if "no such table" in str(error) or "no such column" in str(error):
            missing = _("part of it is missing: {error}").format(error=in_words(error))
            return StoreCorruptError(self.path, missing)
        if isinstance(error, sqlite3.OperationalError):
            return unavailable(self.path, error)
        return None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs."""
        with self._lock, self._guard():
            if self._db.in_transaction:  # nested in a write: already consistent
                yield self._db
                return
            self._check_data_version()
            self._cursor.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._cursor.execute("COMMIT")

    def _write(self) -> _WriteTransaction:
        """One committed write transaction (`with self._write() as db:`); see
        `_WriteTransaction`."""
        return self._transaction

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: all committed together, or none if the block raises.

        Used to change an answer (undo, then record) without ever losing the first one."""
        with self._lock:
            undo = list(self._undo)
            try:
                with self._write():
                    yield
            except BaseException:
                self._undo[:] = undo
                raise

    def _forget_what_was_read(self) -> None:
        """Drop what this store keeps of the database: read again on next use."""
        self._deck_pks.clear()
        self._synced.clear()
        self._expected.clear()

    def _check_data_version(self) -> None:
        """Forget deck syncs when another connection has committed (as a read begins)."""
        version = self._cursor.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return
        self._data_version = version
        if self._synced:
            stored = dict(self._db.execute("SELECT name, fingerprint FROM decks"))
            for deck_id, (fingerprint, _ids) in list(self._synced.items()):
                if stored.get(deck_id) != fingerprint:
                    del self._synced[deck_id]

    def _deck_pk(self, db: sqlite3.Connection, deck_id: str) -> int:
        pk = self._deck_pks.get(deck_id)
        if pk is None:
            db.execute("INSERT OR IGNORE INTO decks(name) VALUES (?)", (deck_id,))
            pk = db.execute("SELECT id FROM decks WHERE name = ?", (deck_id,)).fetchone()[0]
            self._deck_pks[deck_id] = pk
        return pk

    # --- settings ---

    def get_settings(self, deck_id: str | None = None) -> StudySettings:
        """The deck's own settings if it has some, else the global default."""
        with self._read() as db:
            (text,) = db.execute(f"SELECT {_SETTINGS_TEXT}", (None, deck_id or "")).fetchone()
        return self._settings(text)

    def _settings(self, text: str | None) -> StudySettings:
        """The settings stored as `text` (`_SETTINGS_TEXT`), read once."""
        settings = self._settings_cache.get(text)
        if settings is None:
            settings, _problems = stored_settings(text)  # reported by settings_problems()
            if len(self._settings_cache) >= 64:  # only hand edits make many: keep a few
                self._settings_cache.clear()
            self._settings_cache[text] = settings
        return settings

    def settings_problems(self) -> list[str]:
        """What is wrong with the stored settings (an older version's, a hand edit): each
        wrong value is replaced by its default when read, never a crash."""
        with self._read() as db:
            rows = db.execute("SELECT scope, data FROM settings ORDER BY scope").fetchall()
        return [
            f"{scope or 'global'} settings: {problem}"
            for scope, text in rows
            for problem in stored_settings(text)[1]
        ]

    def set_settings(self, deck_id: str | None, settings: StudySettings) -> None:
        """Save the global default (`deck_id` None) or one deck's own settings."""
        with self._write() as db:
            db.execute(
                "INSERT INTO settings(scope, data) VALUES (?, ?) "
                "ON CONFLICT(scope) DO UPDATE SET data = excluded.data",
                (deck_id or "", settings.to_json()),
            )

    def clear_settings(self, deck_id: str) -> None:
        """Make a deck follow the global default again."""
        with self._write() as db:
            db.execute("DELETE FROM settings WHERE scope = ?", (deck_id,))

    def deck_has_own_settings(self, deck_id: str) -> bool:
        with self._read() as db:
            return (
                db.execute("SELECT 1 FROM settings WHERE scope = ?", (deck_id,)).fetchone()
                is not None
            )

    # --- deck membership ---

    def sync_deck(self, deck_id: str, card_ids: Sequence[str]) -> None:
        """Record which cards the deck holds now, in order.

        Cards no longer listed keep their state and history but leave the queue
        (orphaned). Cheap when nothing changed, and then it only reads: `build_queue`
        calls it each time.
        """
        ids = card_ids if isinstance(card_ids, list) else list(card_ids)
        with self._lock, self._guard():
            with self._read() as db:
                if self._is_synced(db, deck_id, ids):
                    return
            fingerprint = _fingerprint(ids)
            with self._write() as db:
                deck = self._deck_pk(db, deck_id)
                stored = db.execute(
                    "SELECT fingerprint FROM decks WHERE id = ?", (deck,)
                ).fetchone()[0]
                if stored != fingerprint:
                    db.execute(
                        "UPDATE cards SET position = NULL WHERE deck = ? AND position IS NOT NULL",
                        (deck,),
                    )
                    db.executemany(
                        "INSERT INTO cards(key, deck, position) VALUES (?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET position = excluded.position",
                        ((key, deck, position) for position, key in enumerate(dict.fromkeys(ids))),
                    )
                    db.execute("UPDATE decks SET fingerprint = ? WHERE id = ?", (fingerprint, deck))
            self._synced[deck_id] = (fingerprint, list(ids))

    def _is_synced(self, db: sqlite3.Connection, deck_id: str, ids: list[str]) -> bool:
        """Whether the store holds `ids` as the deck's card list (a read)."""
        cached = self._synced.get(deck_id)
        if cached is not None and cached[1] == ids:
            return True
        fingerprint = _fingerprint(ids)
        row = db.execute(
            "SELECT id FROM decks WHERE name = ? AND fingerprint = ?", (deck_id, fingerprint)
        ).fetchone()
        if row is None:
            return False
        self._deck_pks[deck_id] = row[0]
        self._synced[deck_id] = (fingerprint, list(ids))
        return True

    def note_expectations(self, deck_id: str, expects: Mapping[str, str]) -> list[str]:
        """Record what each card of the deck expects (a digest of its answer, by card id),
        every card listed first (`sync_deck`): what a study sitting does before it starts.
        Returns the ids of the cards started again (see `restart_changed_cards`)."""
        digest = _fingerprint([f"{key}={value}" for key, value in sorted(expects.items())])
        if self._expected.get(deck_id) == digest:
            return []
        self.sync_deck(deck_id, list(expects))
        reset = self.restart_changed_cards(deck_id, expects)
        self._expected[deck_id] = digest
        return reset

    def restart_changed_cards(self, deck_id: str, expects: Mapping[str, str]) -> list[str]:
        """A card the store knows whose answer changed since it was last noted starts again
        as new and is marked changed (its reviews stay in the log); a card known with no
        digest yet gets one. Cards the store does not know are left to `note_expectations`.
        Only reads when nothing changed: the app calls it for every deck it loads.
        Returns the ids of the cards started again."""
        with self._read() as db:
            stored = dict(
                db.execute(
                    "SELECT c.key, c.expects FROM cards c JOIN decks d ON d.id = c.deck "
                    "WHERE d.name = ?",
                    (deck_id,),
                ).fetchall()
            )
        differing = {
            key: value for key, value in expects.items() if key in stored and stored[key] != value
        }
        if not differing:
            return []
        reset = []
        with self._write() as db:
            for key, value in differing.items():  # checked again inside the write
                restarted = db.execute(
                    f"UPDATE cards SET {SET_CARD_COLUMNS}, changed = 1 WHERE key = ? "
                    "AND state IS NOT NULL AND expects IS NOT NULL AND expects IS NOT ?",
                    (None, None, None, None, None, None, key, value),
                ).rowcount
                if restarted:
                    reset.append(key)
                db.execute("UPDATE cards SET expects = ? WHERE key = ?", (value, key))
        return reset

    def carry_over(self, old_id: str, new_id: str) -> int:
        """Give the deck `new_id` the progress of the deck `old_id` (renamed), once: its
        cards, quizzes and settings. A card the new deck has already answered keeps its
        own. Returns the number of cards carried over (0 when done before)."""
        prefix = f"{old_id}/"
        with self._lock, self._guard(), self._write() as db:
            if db.execute("SELECT 1 FROM renames WHERE old = ?", (old_id,)).fetchone():
                return 0
            db.execute("INSERT INTO renames(old, new) VALUES (?, ?)", (old_id, new_id))
            old = db.execute("SELECT id FROM decks WHERE name = ?", (old_id,)).fetchone()
            if old is None:
                return 0
            new = self._deck_pk(db, new_id)
            # Cards of the new deck never answered make way for the old ones' progress.
            db.execute(
                "DELETE FROM cards WHERE deck = ? AND reps = 0 AND key IN "
                "(SELECT ? || substr(key, ?) FROM cards WHERE deck = ? AND reps > 0)",
                (new, f"{new_id}/", len(prefix) + 1, old[0]),
            )
            moved = db.execute(
                "UPDATE OR IGNORE cards SET key = ? || substr(key, ?), deck = ?, position = NULL "
                "WHERE deck = ? AND substr(key, 1, ?) = ? AND reps > 0",
                (f"{new_id}/", len(prefix) + 1, new, old[0], len(prefix), prefix),
            ).rowcount
            db.execute("UPDATE quizzes SET deck = ? WHERE deck = ?", (new, old[0]))
            db.execute("UPDATE OR IGNORE settings SET scope = ? WHERE scope = ?", (new_id, old_id))
            db.execute("UPDATE decks SET fingerprint = NULL WHERE id = ?", (new,))
        self._synced.pop(new_id, None)
        self._expected.pop(new_id, None)
        return moved

    # --- answering ---

    def record_review(
        self,
        card_id: str,
        deck_id: str,
        rating: Rating | int,
        now: datetime,
        duration_ms: int | None = None,
    ) -> ReviewResult:
        """Schedule the card with FSRS and commit the answer before returning."""
        if type(rating) is not Rating:  # the call checks it, at the cost of a fifth of SQL's
            rating = Rating(rating)
        now = to_utc(now)
        with self._write() as db:
            text, *row = self._cursor.execute(
                _CARD_AND_LATEST_REVIEW, (card_id, deck_id)
            ).fetchone()
            settings = self._settings(text)
            known = row[0] is not None
            # The states as columns (`CardState.to_values`), never as objects: an answer
            # costs mostly Python's time, and the store needs none.
            before = row[1:7] if row[1] is not None else None
            after_columns = _fsrs_scheduler().review_values(card_id, before, rating, now, settings)
            lapses = (row[7] if known else 0) + is_lapse(before[0] if before else None, rating)
            was_leech = bool(row[8]) if known else False
            leech = was_leech or lapses >= settings.leech_threshold
            # Only ints bound: a bool goes through sqlite3's adapters, which costs.
            flags = (int(rating == Rating.Again), lapses, int(leech))
            if not known:
                pk = _inserted(
                    self._cursor.execute(
                        f"INSERT INTO cards(key, deck, {CARD_COLUMNS}, reps, again, lapses, leech) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                        (card_id, self._deck_pk(db, deck_id), *after_columns, *flags),
                    )
                )
            else:
                pk = row[0]
                self._cursor.execute(_UPDATE_ANSWERED_CARD, (*after_columns, *flags, pk))
            # The review's id is its time in ms (the state after's last review is its
            # second), after any review of the same second.
            second = after_columns[5] * 1000
            latest = row[9]
            out_of_order = latest is not None and latest >= second + 1000  # the clock went back
            # The state before is stored only when it cannot be derived (schema.REVIEWS_V4):
            # when the card's latest review did not leave it in it (it restarted as new, or
            # came from another deck), or when this review does not come after that one.
            derived = latest is not None and row[10]
            review_id = _inserted(
                self._cursor.execute(
                    _INSERT_REVIEW,
                    (
                        second,
                        pk,
                        int(rating),
                        duration_ms,
                        before[0] if before else 0,
                        *after_columns,
                        values_json(before) if before and (out_of_order or not derived) else None,
                    ),
                )
            )
            if out_of_order:
                previous = self._previous_afters(db, [(pk, review_id)]).get(pk)
                self._keep_next_before(db, pk, review_id, previous)
            self._undo.append(review_id)
        return ReviewResult(
            review_id=review_id,
            card_id=card_id,
            rating=rating,
            reviewed_at=now,
            before_values=before,
            after_values=after_columns,
            lapses=lapses,
            leech=leech,
            became_leech=leech and not was_leech,
        )

    def undo_last_review(self) -> str | None:
        """Take back the latest answer given through this store; returns its card id.

        The card gets its previous state back and the review row is deleted.
        Returns None when there is nothing to undo, or when the card has been
        answered again since (by another app instance).
        """
        with self._lock:
            while self._undo:
                review_id = self._undo.pop()
                with self._write() as db:
                    row = db.execute(
                        "SELECT r.card, r.rating, r.kind, r.before, c.key, c.lapses, c.leech, "
                        "d.name FROM reviews r JOIN cards c ON c.id = r.card "
                        "JOIN decks d ON d.id = c.deck WHERE r.id = ?",
                        (review_id,),
                    ).fetchone()
                    if row is None:
                        continue
                    pk, rating, kind, stored, card_id, lapses, leech, deck_id = row
                    latest = db.execute(
                        "SELECT max(id) FROM reviews WHERE card = ?", (pk,)
                    ).fetchone()[0]
                    if latest != review_id:
                        self._undo.clear()
                        return None
                    previous = self._previous_afters(db, [(pk, review_id)]).get(pk)
                    before = state_before(kind, stored, previous)
                    lapses -= is_lapse(before.state if before else None, rating)
                    leech = bool(leech) and lapses >= self.get_settings(deck_id).leech_threshold
                    db.execute(
                        f"UPDATE cards SET {SET_CARD_COLUMNS}, reps = reps - 1, again = again - ?, "
                        "lapses = ?, leech = ? WHERE id = ?",
                        (*state_columns(before), int(rating == Rating.Again), lapses, leech, pk),
                    )
                    db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
                    return card_id
            return None

    # --- the state before a review: derived from the previous review (schema.REVIEWS_V4) ---

    @staticmethod
    def _previous_afters(
        db: sqlite3.Connection, reviews: Sequence[tuple[int, int]]
    ) -> dict[int, CardState]:
        """For each (card pk, review id): the state the card's review before that one left
        it in, by card pk (absent when there is none). One query for them all."""
        if not reviews:
            return {}
        rows = db.execute(
            f"SELECT card, {CARD_COLUMNS} FROM json_each(?) w JOIN reviews r ON r.id = "
            "(SELECT max(id) FROM reviews WHERE card = w.value ->> 0 AND id < w.value ->> 1)",
            (json.dumps(reviews),),
        )
        return {row[0]: CardState.from_values(row[1:]) for row in rows}

    @staticmethod
    def _keep_next_before(
        db: sqlite3.Connection, pk: int, review_id: int, previous: CardState | None
    ) -> None:
        """A review recorded before the card's latest (the clock went back) comes between
        two reviews: the next one's derived state before (`previous`) is stored, so that
        it stays what it was."""
        following = db.execute(
            "SELECT id, kind, before FROM reviews WHERE card = ? AND id > ? ORDER BY id LIMIT 1",
            (pk, review_id),
        ).fetchone()
        if following and following[1] and following[2] is None and previous:
            db.execute(
                "UPDATE reviews SET before = ? WHERE id = ?", (previous.to_json(), following[0])
            )

    def preview_intervals(
        self, card_id: str, deck_id: str, now: datetime
    ) -> dict[Rating, timedelta]:
        """The interval each grade would give, exactly as `record_review` would (same fuzz):
        from the card's columns, as an answer reads them."""
        with self._read() as db:  # the card and its settings as they are together
            text, *row = db.execute(
                f"SELECT {_SETTINGS_TEXT}, {CARD_COLUMNS} FROM (SELECT 1) "
                "LEFT JOIN cards ON key = ?1",
                (card_id, deck_id),
            ).fetchone()
        before = row if row[0] is not None else None
        return _fsrs_scheduler().preview_intervals(card_id, before, now, self._settings(text))

    # --- the study queue ---

    def build_queue(
        self,
        deck_id: str,
        card_ids: Sequence[str],
        now: datetime,
        *,
        learn_ahead: timedelta = LEARN_AHEAD,
        only: AbstractSet[str] | None = None,
    ) -> list[QueueEntry]:
        """Today's cards for the deck, in the order to show them (see `queue.today_queue`),
        of the cards in `only` when given (studying by tag).

        Records the deck's card list first (`sync_deck`). Rebuild after each answer: it is cheap.
        """
        self.sync_deck(deck_id, card_ids)
        return self._queue(deck_id, card_ids, now, learn_ahead, only)

    def deck_counts(self, deck_id: str, card_ids: Sequence[str], now: datetime) -> DeckCounts:
        """(new, learning, due) as the home screen shows them: what today's queue holds.

        Read only: drawing the home screen never writes, even for a deck never studied
        or changed since (its card list is recorded when it is studied)."""
        return queue_counts(self._queue(deck_id, card_ids, now, LEARN_AHEAD))

    def _queue(
        self,
        deck_id: str,
        card_ids: Sequence[str],
        now: datetime,
        learn_ahead: timedelta,
        only: AbstractSet[str] | None = None,
    ) -> list[QueueEntry]:
        now = to_utc(now)
        settings = self.get_settings(deck_id)
        start, end = scheduling.day_bounds(now, settings.day_start_hour, self.tz)
        ids = card_ids if isinstance(card_ids, list) else list(card_ids)
        with self._read() as db:
            where, params = self._review_filter(start, end, deck_id)
            today = db.execute(
                f"SELECT c.key, r.kind FROM reviews r JOIN cards c ON c.id = r.card WHERE {where}",
                params,
            ).fetchall()
            day_seed = f"{deck_id} {start.isoformat()}"  # new_order=random: one order a day
            learning, reviews, new = self._candidates(
                db, deck_id, ids, now, now + learn_ahead, end, settings.new_order, day_seed
            )
            return today_queue(
                learning=learning,
                reviews=reviews,  # cursors: read inside this transaction, as far as needed
                new=new,
                answered_today=today,
                settings=settings,
                now=now,
                learn_ahead=learn_ahead,
                only=only,
            )

    def _candidates(
        self,
        db: sqlite3.Connection,
        deck_id: str,
        ids: list[str],
        now: datetime,
        learn_until: datetime,
        day_end: datetime,
        new_order: str,
        day_seed: str,
    ) -> tuple[list[Candidate], Iterator[Candidate], Iterator[str]]:
        """Today's candidates of the deck, through the indexes: (re)learning cards due by
        `learn_until` in deck order, review cards due before `day_end` in `REVIEW_ORDER`,
        new cards in `new_order` (`scheduling.new_card_order`); reviews and new cards are
        read as far as needed.

        The deck order is the one the store holds, unless the deck is not synced (never
        studied, or changed since: the home counts never write); then it is `ids`' order."""
        synced = self._is_synced(db, deck_id, ids)
        row = db.execute("SELECT id FROM decks WHERE name = ?", (deck_id,)).fetchone()
        deck = row[0] if row else None
        listed = "position IS NOT NULL" if synced else "1"

        def cards(where: str, order: str, *params: object) -> Iterator[Candidate]:
            return starmap(
                Candidate,
                db.execute(
                    f"SELECT key, {CARD_COLUMNS} FROM cards "
                    f"WHERE deck = ? AND {where} AND {listed} ORDER BY {order}",
                    (deck, *params),
                ),
            )

        now_s, end_s = utc_seconds(now), utc_seconds(day_end)
        learning = cards("state IN (1, 3) AND due <= ?", "position", utc_seconds(learn_until))
        if synced:
            return (
                list(learning),
                self._due_reviews(db, deck, now_s, end_s),
                self._new_cards(db, deck, new_order, day_seed),
            )
        place = {card_id: i for i, card_id in enumerate(dict.fromkeys(ids))}

        def in_deck_order(found: Iterator[Candidate]) -> list[Candidate]:
            return sorted((c for c in found if c.card_id in place), key=lambda c: place[c.card_id])

        answered = {
            key
            for (key,) in db.execute(
                "SELECT key FROM cards WHERE deck = ? AND state IS NOT NULL", (deck,)
            )
        }
        reviews = cards("state = 2 AND due < ?", "position", end_s)
        new = [card_id for card_id in place if card_id not in answered]
        return (
            in_deck_order(learning),
            # a stable sort: deck order among equals, as REVIEW_ORDER's position
            iter(sorted(in_deck_order(reviews), key=lambda c: review_order(c, now_s))),
            iter(new_card_order(new, new_order, day_seed)),
        )

    @staticmethod
    def _due_reviews(
        db: sqlite3.Connection, deck: int | None, now_s: int, end_s: int
    ) -> Iterator[Candidate]:
        """The synced deck's review cards due before `end_s`, in `REVIEW_ORDER`, read in
        batches: each is sorted in the index (`cards_due` holds what the order needs), and
        only the rows of the cards in it are read."""
        offset, limit = 0, REVIEW_BATCH
        while True:
            rows = db.execute(
                f"SELECT c.key, {', '.join(f'c.{c}' for c in CARD_COLUMNS.split(', '))} "
                "FROM (SELECT id FROM cards WHERE deck = ? AND state = 2 AND due < ? "
                f"AND position IS NOT NULL ORDER BY {REVIEW_ORDER} LIMIT ? OFFSET ?) AS s "
                f"JOIN cards c ON c.id = s.id ORDER BY {REVIEW_ORDER}",
                (deck, end_s, now_s, limit, offset, now_s),
            ).fetchall()
            yield from starmap(Candidate, rows)
            if len(rows) < limit:
                return
            offset, limit = offset + limit, limit * 2

    @staticmethod
    def _new_cards(
        db: sqlite3.Connection, deck: int | None, new_order: str, day_seed: str
    ) -> Iterator[str]:
        """The synced deck's new cards in `new_order`. `interleave` reads each kind through
        the index `cards_new_kind`, only as far as the queue takes cards of it; `random`
        needs them all."""
        if new_order != "interleave":
            keys = db.execute(
                "SELECT key FROM cards WHERE deck = ? AND state IS NULL AND position IS NOT NULL "
                "ORDER BY position",
                (deck,),
            )
            new = (key for (key,) in keys)
            return (
                new if new_order == "deck" else iter(new_card_order(list(new), new_order, day_seed))
            )
        # The deck's kinds, one index seek each; each kind's cards in deck order, the kind
        # of the first card in deck order first (as new_card_order's).
        kinds = db.execute(
            f"WITH RECURSIVE k(kind) AS (SELECT min({CARD_KIND}) FROM cards "
            "WHERE deck = ?1 AND state IS NULL UNION ALL "
            f"SELECT (SELECT min({CARD_KIND}) FROM cards WHERE deck = ?1 AND state IS NULL "
            f"AND {CARD_KIND} > k.kind) FROM k WHERE k.kind IS NOT NULL) "
            "SELECT kind FROM k WHERE kind IS NOT NULL",
            (deck,),
        ).fetchall()
        columns = []
        for (kind,) in kinds:
            cursor = db.execute(
                "SELECT position, key FROM cards WHERE deck = ? AND state IS NULL "
                f"AND {CARD_KIND} = ? AND position IS NOT NULL ORDER BY position",
                (deck, kind),
            )
            first = cursor.fetchone()
            if first is not None:
                columns.append((first, cursor))
        columns.sort(key=lambda column: column[0][0])
        return in_turns(map(itemgetter(1), chain([first], cursor)) for first, cursor in columns)

    # --- reading cards and reviews ---

    # The columns `_card_record` reads.
    _CARD_SELECT = (
        f"SELECT c.key, d.name, {CARD_COLUMNS}, reps, lapses, leech, position IS NOT NULL, "
        "changed "
        "FROM cards c JOIN decks d ON d.id = c.deck "
    )

    def card_state(self, card_id: str) -> CardRecord | None:
        """The card as stored, or None if the store has never heard of it."""
        with self._read() as db:
            row = db.execute(
                self._CARD_SELECT + "WHERE c.key = ?",
                (card_id,),
            ).fetchone()
        return self._card_record(row) if row else None

    def card_states(self, deck_id: str) -> dict[str, CardRecord]:
        """Every card the store knows in the deck, orphans included, by card id."""
        with self._read() as db:
            rows = db.execute(
                self._CARD_SELECT + "WHERE d.name = ? ORDER BY c.id",
                (deck_id,),
            ).fetchall()
        return {row[0]: self._card_record(row) for row in rows}

    @staticmethod
    def _card_record(row: Sequence) -> CardRecord:
        return CardRecord(
            card_id=row[0],
            deck_id=row[1],
            state=state_from_row(row[2:8]),
            reps=row[8],
            lapses=row[9],
            leech=bool(row[10]),
            in_deck=bool(row[11]),
            changed=bool(row[12]),
        )

    def synced_cards(self, deck_id: str) -> list[str]:
        """The deck's card ids as last synced (`sync_deck`), in deck order."""
        with self._read() as db:
            return [
                key
                for (key,) in db.execute(
                    "SELECT key FROM cards WHERE deck = (SELECT id FROM decks WHERE name = ?) "
                    "AND position IS NOT NULL ORDER BY position",
                    (deck_id,),
                )
            ]

    def orphaned_cards(self, deck_id: str) -> list[str]:
        """Cards with history that are no longer in the deck (as of the last sync)."""
        with self._read() as db:
            return [
                key
                for (key,) in db.execute(
                    "SELECT c.key FROM cards c JOIN decks d ON d.id = c.deck "
                    "WHERE d.name = ? AND c.position IS NULL AND c.reps > 0 ORDER BY c.key",
                    (deck_id,),
                )
            ]

    def leeches(self, deck_id: str | None = None) -> list[str]:
        """Card ids tagged leech (lapsed `leech_threshold` times), in one deck or all."""
        with self._read() as db:
            if deck_id is None:
                rows = db.execute("SELECT key FROM cards WHERE leech ORDER BY key")
            else:
                rows = db.execute(
                    "SELECT c.key FROM cards c JOIN decks d ON d.id = c.deck "
                    "WHERE c.leech AND d.name = ? ORDER BY c.key",
                    (deck_id,),
                )
            return [key for (key,) in rows]

    _REVIEW_SELECT = (
        f"SELECT r.id, c.key, d.name, r.rating, r.duration_ms, r.kind, r.before, r.card, "
        f"{', '.join(f'r.{column}' for column in CARD_COLUMNS.split(', '))} "
        "FROM reviews r JOIN cards c ON c.id = r.card JOIN decks d ON d.id = c.deck "
    )

    def _review_records(self, db: sqlite3.Connection, rows: list[Sequence]) -> list[ReviewRecord]:
        """The records of `rows` of `_REVIEW_SELECT`, oldest first, with each card's state
        before: the after of the card's review just before, in `rows` or looked up."""
        seen: set[int] = set()
        derived_from_before: list[tuple[int, int]] = []  # (card pk, its first review id)
        for row in rows:
            review_id, kind, stored, pk = row[0], row[5], row[6], row[7]
            if pk not in seen and kind and stored is None:
                derived_from_before.append((pk, review_id))
            seen.add(pk)
        # card pk -> its latest review's after, so far
        latest = self._previous_afters(db, derived_from_before)
        records = []
        for review_id, key, deck, rating, duration, kind, stored, pk, *after_columns in rows:
            after = CardState.from_values(after_columns)
            records.append(
                ReviewRecord(
                    review_id=review_id,
                    card_id=key,
                    deck_id=deck,
                    rating=Rating(rating),
                    reviewed_at=from_seconds(review_id // 1000),
                    duration_ms=duration,
                    kind=KIND_NAMES[kind],
                    before=state_before(kind, stored, latest.get(pk)),
                    after=after,
                )
            )
            latest[pk] = after
        return records

    def review_history(self, card_id: str) -> list[ReviewRecord]:
        """Every review of one card, oldest first."""
        with self._read() as db:
            rows = db.execute(self._REVIEW_SELECT + "WHERE c.key = ? ORDER BY r.id", (card_id,))
            return self._review_records(db, rows.fetchall())

    def reviews(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        deck_id: str | None = None,
    ) -> list[ReviewRecord]:
        """Reviews with `since <= time < until`, optionally of one deck, oldest first."""
        where, params = self._review_filter(since, until, deck_id)
        with self._read() as db:
            rows = db.execute(self._REVIEW_SELECT + f"WHERE {where} ORDER BY r.id", params)
            return self._review_records(db, rows.fetchall())

    # --- quizzes ---

    def start_quiz(self, deck_id: str, now: datetime) -> int:
        with self._write() as db:
            deck = self._deck_pk(db, deck_id)
            return _inserted(
                db.execute(
                    "INSERT INTO quizzes(deck, started_at) VALUES (?, ?)", (deck, utc_seconds(now))
                )
            )

    def record_quiz_answer(
        self,
        quiz_id: int,
        *,
        question_id: str,
        kind: str,
        prompt: str,
        verdict: Verdict,
        given: str,
        expected: str,
        duration_ms: int | None,
        now: datetime,
    ) -> int:
        """Store one answer, committed before returning. Returns the answer id."""
        verdict = Verdict(verdict)  # ValueError for anything else
        with self._write() as db:
            if db.execute("SELECT 1 FROM quizzes WHERE id = ?", (quiz_id,)).fetchone() is None:
                raise ValueError(f"no quiz with id {quiz_id}")
            cursor = db.execute(
                "INSERT INTO quiz_answers(quiz, question_id, kind, prompt, verdict, given, expected, "
                "duration_ms, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    quiz_id,
                    question_id,
                    kind,
                    prompt,
                    verdict,
                    given,
                    expected,
                    duration_ms,
                    utc_seconds(now),
                ),
            )
            return _inserted(cursor)

    def finish_quiz(
        self, quiz_id: int, now: datetime, *, complete: bool = True
    ) -> QuizRecord | None:
        """Close the quiz. A complete one gets its score, (correct + typo) / answered; one
        left part-way keeps its answers and no score; one with no answer is not kept (None)."""
        with self._write() as db:
            answered, right = db.execute(
                "SELECT count(*), count(*) FILTER (WHERE verdict != ?) FROM quiz_answers WHERE quiz = ?",
                (Verdict.WRONG, quiz_id),
            ).fetchone()
            if not answered:
                if not db.execute("DELETE FROM quizzes WHERE id = ?", (quiz_id,)).rowcount:
                    raise ValueError(f"no quiz with id {quiz_id}")
                return None
            updated = db.execute(
                "UPDATE quizzes SET ended_at = ?, score = ? WHERE id = ?",
                (utc_seconds(now), right / answered if complete else None, quiz_id),
            ).rowcount
            if not updated:
                raise ValueError(f"no quiz with id {quiz_id}")
            return self._quizzes(db, "q.id = ?", (quiz_id,))[0]

    def last_quiz_score(self, deck_id: str) -> float | None:
        """The score of the deck's latest finished quiz (not one left part-way), or None."""
        with self._read() as db:
            row = db.execute(
                "SELECT q.score FROM quizzes q JOIN decks d ON d.id = q.deck "
                "WHERE d.name = ? AND q.score IS NOT NULL ORDER BY q.ended_at DESC, q.id DESC LIMIT 1",
                (deck_id,),
            ).fetchone()
        return row[0] if row else None

    def quiz_history(self, deck_id: str | None = None) -> list[QuizRecord]:
        """Quizzes, newest first, finished or not."""
        with self._read() as db:
            if deck_id is None:
                return self._quizzes(db, "1", ())
            return self._quizzes(db, "d.name = ?", (deck_id,))

    @staticmethod
    def _quizzes(db: sqlite3.Connection, where: str, params: Sequence) -> list[QuizRecord]:
        rows = db.execute(
            "SELECT q.id, d.name, q.started_at, q.ended_at, q.score, "
            "(SELECT count(*) FROM quiz_answers a WHERE a.quiz = q.id), "
            # one count per verdict: correct, typo, wrong (QuizRecord's order)
            "(SELECT count(*) FROM quiz_answers a WHERE a.quiz = q.id AND a.verdict = ?), "
            "(SELECT count(*) FROM quiz_answers a WHERE a.quiz = q.id AND a.verdict = ?), "
            "(SELECT count(*) FROM quiz_answers a WHERE a.quiz = q.id AND a.verdict = ?) "
            f"FROM quizzes q JOIN decks d ON d.id = q.deck WHERE {where} "
            "ORDER BY q.started_at DESC, q.id DESC",
            [Verdict.CORRECT, Verdict.TYPO, Verdict.WRONG, *params],
        )
        return [
            QuizRecord(
                quiz_id=quiz_id,
                deck_id=deck,
                started_at=from_seconds(started),
                ended_at=from_seconds(ended) if ended is not None else None,
                score=score,
                answered=answered,
                correct=correct,
                typo=typo,
                wrong=wrong,
            )
            for quiz_id, deck, started, ended, score, answered, correct, typo, wrong in rows
        ]

    def quiz_answers(
        self, quiz_id: int | None = None, deck_id: str | None = None
    ) -> list[QuizAnswer]:
        """Answers of one quiz, or of every quiz of a deck (or of all), oldest first."""
        clauses: list[str] = []
        params: list[object] = []
        if quiz_id is not None:
            clauses.append("a.quiz = ?")
            params.append(quiz_id)
        if deck_id is not None:
            clauses.append("d.name = ?")
            params.append(deck_id)
        where = ("WHERE " + " AND ".join(clauses) + " ") if clauses else ""
        with self._read() as db:
            rows = db.execute(
                "SELECT a.id, a.quiz, d.name, a.question_id, a.kind, a.prompt, a.verdict, a.given, "
                "a.expected, a.duration_ms, a.answered_at FROM quiz_answers a "
                "JOIN quizzes q ON q.id = a.quiz JOIN decks d ON d.id = q.deck "
                + where
                + "ORDER BY a.id",
                params,
            )
            return [
                QuizAnswer(
                    answer_id=answer_id,
                    quiz_id=quiz,
                    deck_id=deck,
                    question_id=question_id,
                    kind=kind,
                    prompt=prompt,
                    verdict=Verdict(verdict),
                    given=given,
                    expected=expected,
                    duration_ms=duration_ms,
                    answered_at=from_seconds(answered_at),
                )
                for (
                    answer_id,
                    quiz,
                    deck,
                    question_id,
                    kind,
                    prompt,
                    verdict,
                    given,
                    expected,
                    duration_ms,
                    answered_at,
                ) in rows
            ]

    # --- read-only queries for statistics (quiz_app.stats) ----------------------------
    # Aggregates, so that stats over a long history never load every review row.

    def deck_names(self) -> list[str]:
        """Every deck the store has heard of, sorted."""
        with self._read() as db:
            return [name for (name,) in db.execute("SELECT name FROM decks ORDER BY name")]

    @staticmethod
    def _review_filter(
        since: datetime | None, until: datetime | None, deck_id: str | None
    ) -> tuple[str, list]:
        """WHERE clause and parameters over `reviews r JOIN cards c`: a rowid range and a deck."""
        clauses: list[str] = ["1"]
        params: list[object] = []
        for bound, op in ((since, ">="), (until, "<")):
            if bound is not None:
                clauses.append(f"r.id {op} ?")
                params.append(utc_seconds(bound) * 1000)
        if deck_id is not None:
            clauses.append("c.deck = (SELECT id FROM decks WHERE name = ?)")
            params.append(deck_id)
        return " AND ".join(clauses), params

    def has_reviews(self, since: datetime, until: datetime, deck_id: str | None = None) -> bool:
        """Whether any review falls in `since <= time < until` (a rowid range: cheap)."""
        where, params = self._review_filter(since, until, deck_id)
        with self._read() as db:
            row = db.execute(
                f"SELECT 1 FROM reviews r JOIN cards c ON c.id = r.card WHERE {where} LIMIT 1",
                params,
            ).fetchone()
        return row is not None

    def review_totals(self, bounds: Sequence[int]) -> dict[tuple[str, int], ReviewTotals]:
        """The answers of each deck the store knows in each span of `bounds`, by (deck, span):
        span i runs from bounds[i] (included) to bounds[i + 1], in Unix seconds. One pass
        over the reviews of the spans, each a rowid range."""
        spans, params = _spans(bounds)
        with self._read() as db:
            rows = db.execute(
                f"WITH span(i, lo, hi) AS (VALUES {spans}) "
                "SELECT d.name, span.i, count(*), count(*) FILTER (WHERE r.kind = 0), "
                "count(*) FILTER (WHERE r.rating = ?), coalesce(sum(r.duration_ms), 0), "
                "count(*) FILTER (WHERE r.kind = ?), "
                "count(*) FILTER (WHERE r.kind = ? AND r.rating != ?) "
                "FROM span CROSS JOIN reviews r ON r.id >= span.lo AND r.id < span.hi "
                "JOIN cards c ON c.id = r.card JOIN decks d ON d.id = c.deck "
                "GROUP BY c.deck, span.i",
                [*params, Rating.Again, State.Review, State.Review, Rating.Again],
            )
            return {(deck, span): ReviewTotals(*figures) for deck, span, *figures in rows}

    def quiz_answer_times(self, since: int, until: int) -> list[tuple[str, int, int]]:
        """(deck, time, duration in ms) of the quiz answers given from `since` to `until`
        (excluded), in Unix seconds."""
        with self._read() as db:
            return db.execute(
                "SELECT d.name, a.answered_at, coalesce(a.duration_ms, 0) FROM quiz_answers a "
                "JOIN quizzes q ON q.id = a.quiz JOIN decks d ON d.id = q.deck "
                "WHERE a.answered_at >= ? AND a.answered_at < ?",
                (since, until),
            ).fetchall()

    def studied_spans(self, bounds: Sequence[int], deck_id: str | None = None) -> set[int]:
        """The spans of `bounds` (as in `review_totals`) in which the deck, or any deck, was
        studied: a review or a quiz answer given. A rowid seek per span."""
        spans, params = _spans(bounds)
        deck = "(SELECT id FROM decks WHERE name = ?)"
        in_deck = "" if deck_id is None else f"AND c.deck = {deck}"
        answered_in_deck = "" if deck_id is None else f"AND q.deck = {deck}"
        only = [] if deck_id is None else [deck_id]
        with self._read() as db:
            studied = {
                span
                for (span,) in db.execute(
                    f"WITH span(i, lo, hi) AS (VALUES {spans}) SELECT i FROM span WHERE EXISTS "
                    "(SELECT 1 FROM reviews r JOIN cards c ON c.id = r.card "
                    f"WHERE r.id >= span.lo AND r.id < span.hi {in_deck})",
                    [*params, *only],
                )
            }
            answered = db.execute(
                "SELECT a.answered_at FROM quiz_answers a JOIN quizzes q ON q.id = a.quiz "
                f"WHERE a.answered_at >= ? AND a.answered_at < ? {answered_in_deck}",
                [bounds[0], bounds[-1], *only],
            )
            return studied | {bisect_right(bounds, at) - 1 for (at,) in answered}

    def deck_cards(
        self,
        decks: Mapping[str, Sequence[str] | None],
        due_before: datetime,
        groups: Mapping[str, Sequence[int]] | None = None,
    ) -> dict[str, DeckCards]:
        """Every deck the store knows and every deck of `decks`: its cards and their answers.

        A deck's cards are the ids `decks` gives it, else those the store last synced. The
        decks of `decks` also get those due before `due_before` and their leeches, and
        those of `groups` their answers summed by group (`groups[deck][i]` is the group of
        the deck's i-th card).

        One pass over the cards, whatever the number of decks. The groups go in as one
        blob, a fixed-width number per card position (a synced deck's positions are the
        indexes of its ids), read by `substr` at the card's position (a blob is indexed by
        byte). A deck whose ids changed since it was last synced (edited and not studied
        since: rare) is matched to them in Python."""
        groups = groups or {}
        asked = {deck: None if found is None else list(found) for deck, found in decks.items()}
        before = utc_seconds(due_before)
        with self._read() as db:
            names = dict(db.execute("SELECT id, name FROM decks"))
            unsynced = {
                deck
                for deck, ids in asked.items()
                if ids is not None and not self._is_synced(db, deck, ids)
            }
            tallies = self._tally_cards(
                db, names, {d: groups[d] for d in groups if d not in unsynced}
            )
            found: dict[str, DeckCards] = {}
            for deck, tally in tallies.items():
                found[deck] = tally.result()
            for deck, ids in asked.items():
                if deck in unsynced:
                    assert ids is not None
                    tally = tallies.get(deck, _CardTally())
                    cards = self._unsynced_cards(db, deck, ids, before, groups.get(deck), tally)
                else:
                    cards = found.get(deck, DeckCards())
                    cards = replace(
                        cards,
                        due=tuple(
                            db.execute(
                                "SELECT state, due FROM cards WHERE deck = (SELECT id FROM decks "
                                "WHERE name = ?) AND state IN (1, 2, 3) AND due < ? AND position IS NOT NULL",
                                (deck, before),
                            )
                        ),
                    )
                leeches = db.execute(
                    "SELECT key, lapses FROM cards "
                    "WHERE leech AND deck = (SELECT id FROM decks WHERE name = ?)",
                    (deck,),
                ).fetchall()
                found[deck] = replace(cards, leeches=tuple(leeches))
            return found

    @staticmethod
    def _tally_cards(
        db: sqlite3.Connection, names: Mapping[int, str], groups: Mapping[str, Sequence[int]]
    ) -> dict[str, _CardTally]:
        """`deck_cards`' reading of the cards, by deck; `groups` of synced decks only.

        Through the index `cards_deck` (the cards by deck and position, with their state
        and answers): every deck's counts in one pass with no sort, then each grouped
        deck's answers summed by group, its cards' groups going in as one blob, a
        fixed-width number per card position read by `substr` (a blob is indexed by byte)."""
        in_deck = ", ".join(
            f"count(*) FILTER (WHERE position IS NOT NULL AND state IS {state})"
            for state in ("NULL", *map(int, _STATES))
        )
        tallies: dict[str, _CardTally] = {}
        for pk, count, reps, *states in db.execute(
            f"SELECT deck, count(*), sum(reps), {in_deck} FROM cards WHERE {ALL_CARDS} "
            "GROUP BY deck"
        ):
            tally = tallies[names[pk]] = _CardTally()
            tally.cards, tally.reviews, tally.by_state = count, reps, states
        pks = {name: pk for pk, name in names.items()}
        for deck, of_card in groups.items():
            if deck not in pks:
                continue
            tally = tallies[deck]
            packed = array("L" if max(of_card, default=0) >> 16 else "H", of_card)
            width = packed.itemsize
            for group, reps, again in db.execute(
                f"SELECT substr(?, position * {width} + 1, {width}) AS g, sum(reps), sum(again) "
                f"FROM cards WHERE deck = ? AND position IS NOT NULL AND {ALL_CARDS} AND reps > 0 "
                "GROUP BY g",
                (packed.tobytes(), pks[deck]),
            ):
                tally.answers[int.from_bytes(group, sys.byteorder)] = (reps, again)
            # An answered card no longer in the deck (an orphan) by its card id.
            for key, reps, again in db.execute(
                "SELECT key, reps, again FROM cards "
                f"WHERE deck = ? AND position IS NULL AND {ALL_CARDS} AND reps > 0",
                (pks[deck],),
            ):
                tally.orphan_answers[key] = (reps, again)
        return tallies

    @staticmethod
    def _unsynced_cards(
        db: sqlite3.Connection,
        deck_id: str,
        ids: list[str],
        before: int,
        groups: Sequence[int] | None,
        totals: _CardTally,
    ) -> DeckCards:
        """`deck_cards` of a deck whose ids changed since it was last synced: its cards
        matched to `ids` one by one (`totals` counted every card of the deck)."""
        index = {card_id: i for i, card_id in enumerate(ids)}
        tally = _CardTally()
        due: list[tuple[int, int]] = []
        for key, state, due_s, reps, again in db.execute(
            "SELECT key, state, due, reps, again FROM cards "
            "WHERE deck = (SELECT id FROM decks WHERE name = ?)",
            (deck_id,),
        ):
            i = index.get(key)
            group = None if groups is None or not reps else key if i is None else groups[i]
            in_deck = [int(i is not None and state == known) for known in (None, *_STATES)]
            tally.add(group, reps, again, in_deck)
            if i is not None and state is not None and due_s < before:
                due.append((state, due_s))
        tally.by_state[0] = len(index) - sum(tally.by_state[1:])  # unknown to the store: new
        tally.cards, tally.reviews = totals.cards, totals.reviews
        return replace(tally.result(), due=tuple(due))


_STATES = (State.Learning, State.Review, State.Relearning)  # DeckCards' order


class _CardTally:
    """A deck's `DeckCards` as `deck_cards` counts them."""

    def __init__(self) -> None:
        self.cards = self.reviews = 0
        self.by_state = [0, 0, 0, 0]  # the cards in the deck: new, then by `_STATES`
        self.answers: dict[int, tuple[int, int]] = {}
        self.orphan_answers: dict[str, tuple[int, int]] = {}

    def add(self, group: str | int | None, reps: int, again: int, in_deck: Sequence[int]) -> None:
        """A card of the deck with `reps` answers, of which `again` Again, in `group` (a
        card id for an orphan; None: not counted by group); `in_deck`: whether it is in
        the deck, new, then by `_STATES`."""
        self.cards += 1
        self.reviews += reps
        self.by_state = [a + b for a, b in zip(self.by_state, in_deck, strict=True)]
        if isinstance(group, str):
            self.orphan_answers[group] = (reps, again)
        elif group is not None:
            total = self.answers.get(group, (0, 0))
            self.answers[group] = (total[0] + reps, total[1] + again)

    def result(self) -> DeckCards:
        return DeckCards(
            cards=self.cards,
            reviews=self.reviews,
            new=self.by_state[0],
            learning=self.by_state[1],
            review=self.by_state[2],
            relearning=self.by_state[3],
            answers=self.answers,
            orphan_answers=self.orphan_answers,
        )


def _spans(bounds: Sequence[int]) -> tuple[str, list[int]]:
    """The VALUES rows (i, lo, hi) of the spans between `bounds` (Unix seconds), with their
    parameters: review ids are times in ms, so that a span is a rowid range."""
    if len(bounds) < 2:
        raise ValueError("spans need at least two bounds")
    params: list[int] = []
    for i, (lo, hi) in enumerate(pairwise(bounds)):
        params += (i, lo * 1000, hi * 1000)
    return ", ".join(["(?, ?, ?)"] * (len(bounds) - 1)), params


def stored_settings(text: str | None) -> tuple[StudySettings, list[str]]:
    """Settings as stored (JSON text), with what had to be replaced by defaults."""
    if not text:
        return StudySettings(), []
    try:
        data = json.loads(text)
    except ValueError:
        return StudySettings(), ["stored settings are not JSON; the defaults are used instead"]
    return StudySettings.from_stored(data)
