"""Job postings: the extraction endpoint (pages come with the models)."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from throttle import throttle

from . import services

EXTRACTS = "Too many extractions from your address in the last minute. Try again shortly."


# CSRF-exempt on purpose: it reads a text and writes nothing (no posting, no counts), so a
# forged request gains nothing; scripts and the acceptance run call it without a session.
@csrf_exempt
@require_POST
@throttle("postings-extract", "300/m", EXTRACTS)
def extract(request: HttpRequest) -> JsonResponse:
    """POST `text` (form field, or a JSON body {"text": ...}): the skills it asks for."""
    text: object
    if request.content_type == "application/json":
        if len(request.body) > services.MAX_BYTES + 1024:
            return _error("The posting is longer than 200 KB.", 413)
        try:
            text = json.loads(request.body.decode("utf-8")).get("text")
        except (UnicodeDecodeError, ValueError, AttributeError):
            return _error("The body is not a JSON object with a text.", 400)
    elif request.FILES:
        return _error("Send the posting's text in the `text` field, not as a file.", 415)
    else:
        text = request.POST.get("text", "")
    problem = services.text_problem(text)
    if problem:
        status = 413 if isinstance(text, str) and len(text.encode()) > services.MAX_BYTES else 400
        return _error(problem, status)
    assert isinstance(text, str)
    return JsonResponse(services.extract_json(text))


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)
