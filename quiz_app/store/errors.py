"""What can go wrong opening or using the progress database."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress database cannot be used."""


class StoreCorruptError(StoreError):
    """The file is damaged or is not a quiz-app database. It has not been changed."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"{path} is not a readable quiz-app progress database ({detail}). "
            "It was left untouched; move it aside to start a fresh one."
        )
        self.path = path


class StoreVersionError(StoreError):
    """The database was written by a newer quiz-app."""
