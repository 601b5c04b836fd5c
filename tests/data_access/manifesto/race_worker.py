"""One editor in its own process, for the manifesto race tests: waits for each round's start time,
then saves an introduction or adds an item, and prints what happened (JSON, one line)."""

from __future__ import annotations

import json
import sys
import time

from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.access import Actor
from data_access.db import make_engine
from data_access.manifesto import ManifestoConflict
from data_access.models import Role


def main() -> None:
    url, action, email, plan = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    actor = Actor(email=email, role=Role.EDITEUR)
    engine = make_engine(url)
    outcomes: list[str] = []
    for section_id, base, start_at in plan:
        with Session(engine) as session:
            # Read the section first, as the page did when the editor opened it: the save below
            # then runs on a stale in-memory version, the window where a colleague's write lands.
            manifesto.get_section(session, section_id)
            time.sleep(max(0.0, start_at - time.time()))
            try:
                if action == "introduction":
                    manifesto.update_section(session, actor=actor, section_id=section_id, expected_version=base,
                                             title=f"Section {section_id}", introduction=f"Introduction de {email}",
                                             status="brouillon")
                else:
                    manifesto.add_item(session, actor=actor, section_id=section_id, wording=f"Élément de {email}")
                session.commit()
                outcomes.append("ok")
            except ManifestoConflict:
                session.rollback()
                outcomes.append("conflict")
    engine.dispose()
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main()
