"""Download a CMS RVU zip from an https link, streamed to disk with its SHA-256.

Only the link the user gives is fetched, only over https (plain http is accepted for this
machine's own loopback address, which is how the tests serve a fixture). Nothing is sent.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from ratecalc.errors import InputError

MAX_DOWNLOAD_BYTES = 500 * 2**20  # CMS's RVU zips are ~10-30 MB
CHUNK = 2**16


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("https://", "http://"))


def _loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def file_name_of(url: str) -> str:
    """The file name the link ends with (``RVU26A.zip``), for naming the release."""
    name = Path(urllib.parse.urlparse(url).path).name
    return name if name.lower().endswith(".zip") else "download.zip"


def download(url: str, folder: Path, *,
             progress: Callable[[int, int | None], None] | None = None,
             timeout: float = 60.0, max_bytes: int = MAX_DOWNLOAD_BYTES) -> tuple[Path, str]:
    """Stream ``url`` into ``folder``; returns the file and its SHA-256 (hex).

    Parameters
    ----------
    progress : callable, optional
        Called as ``progress(bytes_so_far, total_or_None)`` after each chunk.

    Raises
    ------
    InputError
        Not an https link, the server refused or failed, or the file is larger than
        ``max_bytes``; a partial file is removed.
    """
    # here, not at the top: urllib.request loads http.client, ssl and email (about 40 ms of
    # CPU), which importing a release from local files never uses
    import urllib.error
    import urllib.request

    parts = urllib.parse.urlparse(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname)):
        raise InputError(f"'{url}': expected an https:// link to CMS's RVU zip")
    target = Path(folder) / file_name_of(url)
    digest = hashlib.sha256()
    done = 0
    request = urllib.request.Request(url, headers={"User-Agent": "ratecalc"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, \
                target.open("wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > max_bytes:
                raise InputError(f"'{url}': {total:,} bytes, more than the {max_bytes:,} a CMS "
                                 "RVU zip could be")
            while chunk := response.read(CHUNK):
                done += len(chunk)
                if done > max_bytes:
                    raise InputError(f"'{url}': more than {max_bytes:,} bytes; stopped")
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(done, total)
            if total is not None and done != total:
                raise InputError(f"'{url}': the download stopped after {done:,} of {total:,} "
                                 "bytes")
    except InputError:
        _remove(target)
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        _remove(target)
        reason = getattr(exc, "reason", exc)
        raise InputError(f"'{url}': download failed ({reason})") from exc
    return target, digest.hexdigest()


def _remove(path: Path) -> None:
    if path.exists():
        os.remove(path)
