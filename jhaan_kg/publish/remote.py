"""Talking to a shared SPARQL store over HTTP with credentials: the Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/) to write a named graph, the SPARQL 1.1 Protocol
(https://www.w3.org/TR/sparql11-protocol/) to query and update it, with HTTP digest or basic authentication.

Credentials never appear in a message: errors name the URL (which may not hold a user or password) and the
user, never the password, and the request's headers are never shown.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PublishError

PASSWORD_VARIABLE = "JHAAN_KG_PASSWORD"
SCHEMES = ("digest", "basic")


@dataclass(frozen=True)
class Credentials:
    """A user and password for the store, and how to send them; the password never shows in a repr."""

    user: str
    password: str = field(repr=False)
    scheme: str = "digest"


def credentials_from(user: str | None, password: str | None, password_file: Path | None,
                     scheme: str = "digest", environ=os.environ) -> Credentials | None:
    """The credentials given on the command line: a password from --password, --password-file (its first
    line) or $JHAAN_KG_PASSWORD, in that order; None without a user.

    >>> credentials_from("ann", None, None, environ={"JHAAN_KG_PASSWORD": "s3cret"})
    Credentials(user='ann', scheme='digest')
    """
    if scheme not in SCHEMES:
        raise PublishError(f"--auth {scheme!r}: choose digest or basic")
    if user is None:
        if password is not None or password_file is not None:
            raise PublishError("a password was given without --user")
        return None
    if password is None and password_file is not None:
        try:
            lines = Path(password_file).read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise PublishError(f"cannot read the password file {password_file}: {e.strerror}") from None
        password = lines[0] if lines else ""
    if password is None:
        password = environ.get(PASSWORD_VARIABLE)
    if not password:
        raise PublishError(f"no password for user {user!r}: give --password-file FILE, set {PASSWORD_VARIABLE}, "
                           "or give --password")
    return Credentials(user, password, scheme)


def check_url(url: str, what: str = "--endpoint") -> str:
    """`url` when it is an http(s) URL without credentials in it; PublishError otherwise (without echoing
    a URL that holds a password)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"{what} must be an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise PublishError(f"{what}: give the user and password with --user and --password-file, not in the URL")
    return url


class Remote:
    """Requests to one store, with `credentials` (or none) and `timeout` seconds per request.

    Authentication is sent with each request rather than after the store asks for it: a request that waits
    for the store's 401 sends its body twice, and a store may close the connection on a large body it
    refuses. So the first request to a path goes without it; the challenge of the 401 it gets (digest: the
    realm and nonce; basic needs none) is kept and answered on every later request, and a request refused
    for a stale nonce is sent once more with the new one. `probe(url)` makes that first, small request.
    """

    def __init__(self, credentials: Credentials | None = None, timeout: float = 300.0):
        self.credentials, self.timeout = credentials, timeout
        self.challenges: dict[str, dict] = {}  # digest challenges by scheme://host/path
        self.opener = urllib.request.build_opener()  # no handler answers a 401: this class does
        if credentials is not None and credentials.scheme == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            self.digest = urllib.request.AbstractDigestAuthHandler(manager)
            self.manager = manager

    def _authorization(self, request: urllib.request.Request) -> str | None:
        """The Authorization header for `request`, or None (no credentials, or no challenge yet)."""
        if self.credentials is None:
            return None
        if self.credentials.scheme == "basic":
            token = base64.b64encode(f"{self.credentials.user}:{self.credentials.password}".encode("utf-8"))
            return "Basic " + token.decode("ascii")
        challenge = self.challenges.get(_path_of(request.full_url))
        if challenge is None:
            return None
        self.manager.add_password(challenge.get("realm"), request.full_url, self.credentials.user,
                                  self.credentials.password)
        value = self.digest.get_authorization(request, challenge)
        return None if value is None else "Digest " + value

    def _keep_challenge(self, url: str, header: str | None) -> bool:
        """Keep the digest challenge of a 401's WWW-Authenticate header; whether there was one to answer."""
        if self.credentials is None or self.credentials.scheme != "digest" or not header:
            return False
        scheme, _, rest = header.partition(" ")
        if scheme.lower() != "digest":
            return False
        fresh = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        known = self.challenges.get(_path_of(url))
        self.challenges[_path_of(url)] = fresh
        return known is None or fresh.get("nonce") != known.get("nonce")

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None,
                missing_ok: bool = False) -> bytes:
        """The body of the answer to one request; PublishError saying what the store answered otherwise
        (with `missing_ok`, an answer of 404 is no error: b"")."""
        for attempt in (1, 2, 3):
            request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
            authorization = self._authorization(request)
            if authorization is not None:
                request.add_unredirected_header("Authorization", authorization)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as e:
                detail = _first_line(e.read())
                if e.code == 401 and attempt < 3 and self._keep_challenge(url, e.headers.get("WWW-Authenticate")):
                    continue  # answer the (new) challenge
                if e.code == 404 and missing_ok:
                    return b""
                raise PublishError(self._refusal(e.code, url, detail)) from None
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise PublishError(f"cannot reach {_where(url)}: {reason}") from None
        raise PublishError(self._refusal(401, url, ""))  # pragma: no cover - the loop returns or raises

    def probe(self, url: str, method: str = "GET") -> None:
        """A small request to `url`, so that credentials are checked (and a digest challenge kept) before a
        large one; an answer of 404 (no such graph) is no error."""
        self.request(method, url, missing_ok=True)

    def _refusal(self, status: int, url: str, detail: str) -> str:
        if status in (401, 403):
            who = f"user {self.credentials.user!r}" if self.credentials else "no user (give --user)"
            return (f"the store refused {who} at {_where(url)} (HTTP {status}): check the user, the password and "
                    f"the --auth scheme ({self.credentials.scheme if self.credentials else 'none'}), and that the user "
                    "may update graphs")
        return f"the store answered HTTP {status} at {_where(url)}" + (f": {detail}" if detail else "")

    # --- the SPARQL 1.1 Protocol -----------------------------------------------------------------------

    def query(self, endpoint: str, text: str) -> dict:
        """The SPARQL JSON answer to query `text` (a form POST)."""
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        return json.loads(self.request("POST", endpoint, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}))

    def select(self, endpoint: str, text: str) -> list[dict[str, str]]:
        """The rows of SELECT `text` (each variable's lexical value)."""
        data = self.query(endpoint, text)
        names = data["head"]["vars"]
        return [{n: b[n]["value"] for n in names if n in b} for b in data["results"]["bindings"]]

    def ask(self, endpoint: str, text: str) -> bool:
        """The answer to ASK `text`."""
        return bool(self.query(endpoint, text)["boolean"])

    def update(self, endpoint: str, text: str) -> None:
        """Run SPARQL Update `text`."""
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self.request("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded"})

    # --- the Graph Store HTTP Protocol -------------------------------------------------------------------

    def put_graph(self, gsp: str, graph: str, turtle: bytes) -> None:
        """Replace named graph `graph` with `turtle` (PUT, section 5.3)."""
        self.request("PUT", graph_url(gsp, graph), turtle, {"Content-Type": "text/turtle"})

    def post_graph(self, gsp: str, graph: str, turtle: bytes) -> None:
        """Add `turtle` to named graph `graph` (POST, section 5.5)."""
        self.request("POST", graph_url(gsp, graph), turtle, {"Content-Type": "text/turtle"})

    def delete_graph(self, gsp: str, graph: str) -> None:
        """Remove named graph `graph` (DELETE, section 5.4); a graph that is not there is no error."""
        self.request("DELETE", graph_url(gsp, graph), missing_ok=True)


def graph_url(gsp: str, graph: str) -> str:
    """The URL of named graph `graph` in the Graph Store at `gsp` (indirect identification, section 4.2).

    >>> graph_url("http://h/sparql-graph-crud-auth", "https://e.org/g")
    'http://h/sparql-graph-crud-auth?graph=https%3A%2F%2Fe.org%2Fg'
    """
    return gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": graph})


def _path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _where(url: str) -> str:
    """`url` without its query (which may be long, and holds no credentials: check_url refuses those)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:300] if text else ""
