"""Typed demo parameters with bounds, parsed the same way from a CLI and from widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: type  # int, float, bool or str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""

    @classmethod
    def number(
        cls,
        name: str,
        default: float,
        minimum: float,
        maximum: float,
        help: str,
        unit: str = "",
    ) -> Param:
        kind = int if all(isinstance(v, int) for v in (default, minimum, maximum)) else float
        return cls(name, kind, kind(default), help, minimum, maximum, unit=unit)

    @classmethod
    def choice(cls, name: str, default: str, choices: tuple[str, ...], help: str) -> Param:
        if default not in choices:
            raise ValueError(f"default {default!r} is not one of {choices}")
        return cls(name, str, default, help, choices=choices)

    @classmethod
    def flag(cls, name: str, default: bool, help: str) -> Param:
        return cls(name, bool, default, help)

    @property
    def bounds_text(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind is bool:
            return "true or false"
        return f"{self.minimum:g} to {self.maximum:g}{(' ' + self.unit) if self.unit else ''}"

    @property
    def is_bounded(self) -> bool:
        if self.kind in (int, float):
            return self.minimum is not None and self.maximum is not None
        if self.kind is str:
            return bool(self.choices)
        return self.kind is bool

    def parse(self, raw: Any) -> Any:
        """Convert and check ``raw``; raise ValueError with a message naming what is allowed."""
        try:
            value = self._convert(raw)
        except (TypeError, ValueError):
            raise ValueError(
                f"{self.name}={raw!r} is not valid: expected {self.bounds_text}"
            ) from None
        if self.kind in (int, float) and not (self.minimum <= value <= self.maximum):
            raise ValueError(f"{self.name}={raw!r} is out of range: expected {self.bounds_text}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.name}={raw!r} is not valid: expected {self.bounds_text}")
        return value

    def _convert(self, raw: Any) -> Any:
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if self.kind is int:
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            return int(str(raw).replace("_", "")) if isinstance(raw, str) else int(raw)
        if self.kind is float:
            return float(raw)
        return str(raw)
