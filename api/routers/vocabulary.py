"""GET /vocabulary: what every code means, for clients that show codes to people."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import ActorDep, HubDep
from api.schemas.vocabulary import VocabularyOut

router = APIRouter(tags=["vocabulary"])


@router.get("/vocabulary", response_model=VocabularyOut)
def vocabulary(hub: HubDep, who: ActorDep) -> VocabularyOut:
    """The deployment's agencies (kind, services, custody) and municipalities, every code
    people read with its Spanish and English words, the review rules with the sentence and the
    legal source of each, and the public event types. Any account may read it."""
    return VocabularyOut.of(hub.catalogue)
