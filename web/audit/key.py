"""``/auditoria/clave``: the log's verifier key in the C2SP form (what ``ruta audit key`` prints)
and how to check checkpoints and proofs offline with standard tools; also as a text file."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from texts.translations import translation
from web.audit.access import CheckpointerDep, ReaderDep
from web.pages import page_language, render

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/auditoria/clave"
STEPS = ("format", "verify", "prove", "python")


@router.get(PATH, response_class=HTMLResponse)
def key_page(request: Request, who: ReaderDep, signer: CheckpointerDep) -> HTMLResponse:
    return render(
        request, "audit/key.html", key=str(signer.verifier), steps=STEPS, commands=COMMANDS
    )


@router.get(PATH + ".txt", response_class=PlainTextResponse)
def key_file(request: Request, who: ReaderDep, signer: CheckpointerDep) -> PlainTextResponse:
    """The key on its first line (``--key key.txt`` reads it), the instructions after it."""
    t = translation(page_language(request))
    key = str(signer.verifier)
    lines = [key, "", t("web.audit.key.title"), ""]
    for step in STEPS:
        lines += [t(f"web.audit.key.step.{step}.title"), t(f"web.audit.key.step.{step}.text")]
        lines += [_command(step, key), ""]
    return PlainTextResponse(
        "\n".join(lines),
        headers={"Content-Disposition": 'attachment; filename="ruta-verifier-key.txt"'},
    )


def _command(step: str, key: str) -> str:
    return COMMANDS[step].replace("{key}", key)


COMMANDS = {
    "format": (
        "<origin>\n<size>\n<base64(root)>\n\n\u2014 <key name> <base64(key id[4] || signature[64])>"
    ),
    "verify": "ruta audit verify ruta.ndjson --key key.txt --checkpoint checkpoint.txt",
    "prove": (
        "ruta audit prove inclusion --checkpoint checkpoint.txt --proof proof.json --key key.txt"
    ),
    "python": (
        "python3 - checkpoint.txt <<'EOF'\n"
        "import base64, hashlib, sys\n"
        "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\n"
        "name, key_id, key = '{key}'.split('+', 2)  # base64 may hold '+' too\n"
        "raw = base64.b64decode(key)  # 0x01 (Ed25519), then the 32-byte public key\n"
        "note = open(sys.argv[1], encoding='utf-8').read()\n"
        "body, signatures = note.split('\\n\\n', 1)\n"
        "for line in signatures.splitlines():\n"
        "    who, sig = line.removeprefix('\\u2014 ').split(' ')\n"
        "    sig = base64.b64decode(sig)\n"
        "    if who == name and sig[:4].hex() == key_id:\n"
        "        public = Ed25519PublicKey.from_public_bytes(raw[1:])\n"
        "        public.verify(sig[4:], (body + '\\n').encode())  # raises if it is forged\n"
        "        print('OK: the checkpoint is signed by', name)\n"
        "EOF"
    ),
}
