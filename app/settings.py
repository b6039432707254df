"""Configuration from the environment (prefix ``SCREENER_``; ``DATABASE_URL`` as is)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENER_", env_file=".env", extra="ignore")

    rules_dir: Path = ROOT / "rules"
    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'data' / 'screener.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "SCREENER_DATABASE_URL"))
    # Signs cookies and hidden form state. Set it in production; the default is per process,
    # so a restart only ends sessions and half-finished screenings.
    secret_key: str = Field(default="", validation_alias=AliasChoices(
        "SECRET_KEY", "SCREENER_SECRET_KEY"))
    # Days a saved case is kept after its last change.
    retention_days: int = 365
    # Minutes of inactivity after which a staff session ends.
    session_idle_minutes: int = 30
    # Set behind HTTPS so that cookies carry the Secure flag.
    secure_cookies: bool = False


@cache
def get_settings() -> Settings:
    return Settings()
