"""A local SMTP sink on loopback (aiosmtpd): what the app sends is received and can be read back."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest

from data_access.config import SmtpSettings

SENDER = "Observatoire des concertations <observatoire@exemple.fr>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Sink:
    port: int
    envelopes: list[Any] = field(default_factory=list)

    @property
    def settings(self) -> SmtpSettings:
        return SmtpSettings(host="127.0.0.1", port=self.port, sender=SENDER, security="aucune")

    def env(self) -> dict[str, str]:
        """The same settings as environment variables (the CLI and a served app read them)."""
        return {"CONCERTATIONS_SMTP_HOST": "127.0.0.1", "CONCERTATIONS_SMTP_PORT": str(self.port),
                "CONCERTATIONS_SMTP_SENDER": SENDER, "CONCERTATIONS_SMTP_SECURITY": "aucune"}

    def messages(self) -> list[EmailMessage]:
        parsed = [email.message_from_bytes(envelope.content, policy=default) for envelope in self.envelopes]
        return [message for message in parsed if isinstance(message, EmailMessage)]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


@pytest.fixture
def smtp_sink() -> Iterator[Sink]:
    from aiosmtpd.controller import Controller

    collector = Sink(port=free_port())
    controller = Controller(collector, hostname="127.0.0.1", port=collector.port)
    controller.start()
    yield collector
    controller.stop()
