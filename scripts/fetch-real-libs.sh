#!/usr/bin/env bash
# Download the published sources of real WebSocket libraries (and a few
# applications/frameworks built on them) into ${CORPUS_DIR:-/work/corpus}/real/<name>/.
#
# Idempotent: a library whose directory already exists (non-empty) is skipped;
# delete the directory to refetch it. Versions are pinned below; bump them by
# hand. The sources are unpacked as published (no renaming/cleanup), so they
# are the code users actually run wslsp on.
#
# Usage: scripts/fetch-real-libs.sh            # fetch everything missing
#        CORPUS_DIR=/tmp/c scripts/fetch-real-libs.sh
#
# Needs: curl, tar, python3, npm, apt-get + dpkg-deb (Debian/Ubuntu host).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/corpus-lib.sh
source "$here/corpus-lib.sh"

REAL="$CORPUS_DIR/real"
mkdir -p "$REAL"
corpus_tmp_init
start=$SECONDS
# The summary counts these too (corpus-lib.sh lists the first languages' extensions).
SOURCE_EXTS+=(java kt kts cs cpp cc cxx hpp hh h)

# ---- the libraries themselves -------------------------------------------
# npm
fetch_npm   "$REAL/ws"                  ws                8.23.0
# PyPI sdists
fetch_pypi  "$REAL/websockets"          websockets        17.4
fetch_pypi  "$REAL/starlette"           starlette         1.10.0
fetch_pypi  "$REAL/aiohttp"             aiohttp           3.14.5
# crates.io
fetch_crate "$REAL/tungstenite"         tungstenite       0.30.0
fetch_crate "$REAL/tokio-tungstenite"   tokio-tungstenite 0.30.0
fetch_crate "$REAL/axum"                axum              0.8.9
fetch_crate "$REAL/actix-ws"            actix-ws          0.4.0
# Go, via Debian's packaged sources (/usr/share/gocode)
fetch_deb   "$REAL/gorilla-websocket"   golang-github-gorilla-websocket-dev 1.5.0-2 \
    usr/share/gocode/src/github.com/gorilla/websocket:.
# coder/websocket was published as nhooyr.io/websocket up to v1.8.x
fetch_deb   "$REAL/coder-websocket"     golang-nhooyr-websocket-dev 1.8.7-3 \
    usr/share/gocode/src/nhooyr.io/websocket:. \
    usr/share/doc/golang-nhooyr-websocket-dev/examples:examples
# Java, C++: Debian source packages (upstream tarballs). Maven Central and NuGet are not
# reachable from the build hosts, so Kotlin (Ktor) and C# have no published sources here.
fetch_debsrc "$REAL/okhttp"             libokhttp-java    3.13.1
fetch_debsrc "$REAL/jetty9"             jetty9            9.4.57
fetch_debsrc "$REAL/netty"              netty             4.1.48
fetch_debsrc "$REAL/tomcat10"           tomcat10          10.1.60
fetch_debsrc "$REAL/spring"             libspring-java    4.3.30
# The mirror lacks websocketpp's orig tarball; its -dev package holds the (header-only) library.
fetch_deb   "$REAL/websocketpp"         libwebsocketpp-dev 0.8.2-4 \
    usr/include/websocketpp:.
fetch_debsrc "$REAL/libwebsockets"      libwebsockets     4.1.6
# Boost.Beast: the boost1.81 source package is 74 MB of xz; its -dev package's headers are
# a tenth of that, and Beast is header-only.
fetch_deb   "$REAL/boost-beast"         libboost1.81-dev  1.81.0-5+deb12u1 \
    usr/include/boost/beast:.
# C++ libraries whose -dev packages hold the headers that declare their close calls and codes.
fetch_deb   "$REAL/poco-net"            libpoco-dev       1.11.0-3+deb12u1 \
    usr/include/Poco:.
fetch_deb   "$REAL/qt5-websockets"      libqt5websockets5-dev 5.15.8-2 \
    usr/include:.
fetch_deb   "$REAL/cpprest"             libcpprest-dev    2.10.18-1+b1 \
    usr/include:.
# Ruby: the websocket gem (the frame layer of websocket-client-simple); the mirror lacks its
# orig tarball, the binary package holds the gem's source.
fetch_deb   "$REAL/ruby-websocket"      ruby-websocket    1.2.9-3

# ---- packages built on top of them ----------------------------------------
# npm: wrappers / servers / clients using ws or the browser WebSocket
fetch_npm   "$REAL/isomorphic-ws"          isomorphic-ws          5.0.0
fetch_npm   "$REAL/engine.io"              engine.io              6.6.11
fetch_npm   "$REAL/engine.io-client"       engine.io-client       6.6.8
fetch_npm   "$REAL/fastify-websocket"      @fastify/websocket     11.3.6
fetch_npm   "$REAL/reconnecting-websocket" reconnecting-websocket 4.4.0
fetch_npm   "$REAL/graphql-ws"             graphql-ws             6.4.2
# PyPI: ASGI servers / frameworks / clients
fetch_pypi  "$REAL/uvicorn"            uvicorn            0.54.0
fetch_pypi  "$REAL/fastapi"            fastapi            0.165.0
fetch_pypi  "$REAL/channels"           channels           4.3.2
fetch_pypi  "$REAL/tornado"            tornado            6.6.1
fetch_pypi  "$REAL/websocket-client"   websocket-client   1.9.2
fetch_pypi  "$REAL/wsproto"            wsproto            1.3.2
fetch_pypi  "$REAL/simple-websocket"   simple-websocket   1.1.0
fetch_pypi  "$REAL/python-socketio"    python-socketio    5.18.1
# crates.io
fetch_crate "$REAL/actix-web-actors"   actix-web-actors   4.3.1+deprecated
fetch_crate "$REAL/warp"               warp               0.4.3
fetch_crate "$REAL/async-tungstenite"  async-tungstenite  0.35.0
fetch_crate "$REAL/tokio-websockets"   tokio-websockets   0.13.3
fetch_crate "$REAL/fastwebsockets"     fastwebsockets     0.10.0

# ---- more libraries of JavaScript, Python, Go and Rust (issue 12) -------------------------
# The versions the library tables' entries were taken from.
fetch_npm   "$REAL/websocket-node"         websocket              1.0.35
fetch_npm   "$REAL/partysocket"            partysocket            1.3.0
fetch_npm   "$REAL/partyserver"            partyserver            0.5.10
fetch_npm   "$REAL/hono"                   hono                   4.13.19
fetch_npm   "$REAL/elysia"                 elysia                 1.4.30
fetch_npm   "$REAL/cloudflare-workers-types" @cloudflare/workers-types 5.20261117.1
fetch_pypi  "$REAL/autobahn"           autobahn           26.10.2
fetch_pypi  "$REAL/quart"              quart              0.23.1
fetch_pypi  "$REAL/litestar"           litestar           2.25.0
fetch_pypi  "$REAL/sanic"              sanic              25.12.1
fetch_pypi  "$REAL/trio-websocket"     trio-websocket     0.12.2
fetch_pypi  "$REAL/flask-sock"         flask-sock         0.7.0
fetch_crate "$REAL/ws-rs"              ws                 0.9.2
fetch_crate "$REAL/websocket-rs"       websocket          0.27.1
fetch_crate "$REAL/websocket-base"     websocket-base     0.26.5
fetch_crate "$REAL/poem"               poem               3.1.12
fetch_crate "$REAL/salvo_extra"        salvo_extra        1.1.0
fetch_crate "$REAL/rocket_ws"          rocket_ws          0.1.1
fetch_crate "$REAL/soketto"            soketto            0.8.1
# Go: of gws, melody, fasthttp/websocket and centrifuge only centrifuge is in Debian.
fetch_deb   "$REAL/centrifuge"         golang-github-centrifugal-centrifuge-dev 0.15.0+git20210306.f435ba2-2 \
    usr/share/gocode/src/github.com/centrifugal/centrifuge:.

# ---- Swift, Dart, PHP, Ruby (issue 7) ------------------------------------------
# Only Debian carries any of these among the reachable registries: pub.dev and Packagist are
# not reachable, Debian has no Ratchet/Swoole/amphp/Workerman, no Dart SDK packages and no
# Swift WebSocket library, and npm/PyPI/crates.io hold none of them either. So only Ruby, from
# Debian's binary packages (the mirror lacks these source packages' orig tarballs).
fetch_deb   "$REAL/ruby-faye-websocket"   ruby-faye-websocket   0.11.0-1
fetch_deb   "$REAL/ruby-em-websocket"     ruby-em-websocket     0.5.1-2
fetch_deb   "$REAL/ruby-websocket-driver" ruby-websocket-driver 0.6.3-3+b5
fetch_deb   "$REAL/ruby-actioncable"      ruby-actioncable      2:6.1.7.10+dfsg-1~deb12u3
# ---- end Swift, Dart, PHP, Ruby ---------------------------------------------------

log "fetch finished in $((SECONDS - start))s"

# ---- summary ----------------------------------------------------------------
printf '\n%-24s %6s  %s\n' "library" "files" "by extension"
total=0
for d in "$REAL"/*/; do
    d="${d%/}"
    counts="$(count_sources "$d" | awk '{printf "%s:%s ", $1, $2}')"
    n="$(count_sources "$d" | awk '{s+=$2} END {print s+0}')"
    total=$((total + n))
    printf '%-24s %6d  %s\n' "$(basename "$d")" "$n" "$counts"
done
printf '%-24s %6d  (%s on disk)\n' "TOTAL" "$total" "$(du -sh "$REAL" | cut -f1)"
