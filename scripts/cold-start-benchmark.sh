#!/usr/bin/env bash
# Cold start of Connectors.Web against a blank Blazor Server template app (issue 14).
#
# Both apps are published the same way (dotnet publish -c Release, plus PUBLISH_ARGS for both), then started
# in turns, ROUNDS times each, every start from a new, EMPTY working folder (the app's SQLite file,
# data/connectors.db, is created, migrated and seeded there) on a free loopback port. A start is timed from
# process start until a GET of a page answers 200: the sign-in page /account/login for the app, / for the
# template — both server-rendered Razor pages. Prints every round, the medians, the median ratio app/template
# and the load average at start and end. Nothing is asserted: the figures go to docs/performance.md.
#
# The app runs as a published app would on its first start: Production, with a key-ring certificate (made
# here with openssl, as docs/operations.md shows) and Seed:Enabled=true, so the first start migrates the empty
# database and seeds the tenant and its two users. The template runs in Production too.
#
#   scripts/cold-start-benchmark.sh                 # 5 rounds
#   ROUNDS=9 scripts/cold-start-benchmark.sh
#   PUBLISH_ARGS="-p:TieredPGO=false" scripts/cold-start-benchmark.sh   # extra flags, given to both publishes
#   KEEP=1 scripts/cold-start-benchmark.sh          # keep the work folder (publish output, each start's log)
#   DRY_RUN=1 scripts/cold-start-benchmark.sh       # print the two publish commands and stop
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-5}
timeout_seconds=${START_TIMEOUT_SECONDS:-120}
read -r -a extra <<< "${PUBLISH_ARGS:-}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cold-start.XXXXXX")
cleanup() { if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; else echo "work folder kept: $work"; fi; }
trap cleanup EXIT

# The app's own publish properties (e.g. ReadyToRun) are given to the template too, so both are published alike.
mapfile -t app_props < <(sed -n 's#.*<\(PublishReadyToRun\|TieredPGO\|TieredCompilation\|TieredCompilationQuickJitForLoops\|InvariantGlobalization\)[^>]*>\(.*\)</.*#-p:\1=\2#p' \
  "$repo/Connectors.Web/Connectors.Web.csproj" "$repo/Directory.Build.props")
# PUBLISH_ARGS come last, so they win over the project's own properties for both apps alike.
common=(-c Release --nologo -v quiet)

if [[ -n "${DRY_RUN:-}" ]]; then
  echo "app: dotnet publish Connectors.Web/Connectors.Web.csproj ${common[*]} ${extra[*]}"
  echo "template: dotnet publish BlankBlazor.csproj ${common[*]} ${app_props[*]} ${extra[*]}"
  exit 0
fi

echo "== publishing (work folder $work)"
echo "   both: dotnet publish ${common[*]} ${app_props[*]} ${extra[*]} (the app's own from its project file)"
dotnet publish "$repo/Connectors.Web/Connectors.Web.csproj" "${common[@]}" "${extra[@]}" -o "$work/app" > "$work/publish-app.log" \
  || { cat "$work/publish-app.log"; exit 1; }

# The blank template, generated now, pinned to net10.0, outside the repository (no Directory.*.props of ours).
(cd "$work" && dotnet new blazor --interactivity Server --framework net10.0 --no-https -n BlankBlazor -o template-src > "$work/new-template.log") \
  || { cat "$work/new-template.log"; exit 1; }
dotnet publish "$work/template-src/BlankBlazor.csproj" "${common[@]}" "${app_props[@]}" "${extra[@]}" -o "$work/template" > "$work/publish-template.log" \
  || { cat "$work/publish-template.log"; exit 1; }

# The key ring's certificate, as docs/operations.md makes it (outside the timing).
openssl req -x509 -newkey rsa:3072 -nodes -days 30 -subj "/CN=Connectors key ring" \
  -keyout "$work/kr.key" -out "$work/kr.crt" 2> /dev/null
openssl pkcs12 -export -inkey "$work/kr.key" -in "$work/kr.crt" -out "$work/keyring.pfx" -passout pass:cold-start

WORK="$work" ROUNDS="$rounds" TIMEOUT="$timeout_seconds" python3 - <<'PY'
import os, socket, statistics, subprocess, tempfile, time, urllib.request, urllib.error

work, rounds, timeout = os.environ["WORK"], int(os.environ["ROUNDS"]), float(os.environ["TIMEOUT"])

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

base_env = {k: v for k, v in os.environ.items() if not k.startswith(("ASPNETCORE_", "DOTNET_", "Connectors__", "Seed__", "ConnectionStrings__", "Database__"))}
base_env["ASPNETCORE_ENVIRONMENT"] = "Production"
apps = {
    "app": dict(dll=f"{work}/app/Connectors.Web.dll", path="/account/login", env={
        "Connectors__Vault__CertificatePath": f"{work}/keyring.pfx",
        "Connectors__Vault__CertificatePassword": "cold-start",
        "Seed__Enabled": "true",
        "Seed__AdminPassword": "Cold-Start-Passw0rd-1",
        "Seed__SupportPassword": "Cold-Start-Passw0rd-2",
    }, args=[]),
    # The template finds wwwroot under its content root: point it at the publish folder, as the app does itself.
    "template": dict(dll=f"{work}/template/BlankBlazor.dll", path="/", env={}, args=["--contentRoot", f"{work}/template"]),
}

def start(name, n):
    spec = apps[name]
    folder = tempfile.mkdtemp(prefix=f"{name}-{n}-", dir=work)  # empty: the database is created here
    port = free_port()
    url = f"http://127.0.0.1:{port}{spec['path']}"
    log = open(f"{folder}.log", "w")
    # HOME is the empty folder too: the template keeps its DataProtection key ring under ~/.aspnet, so with the
    # real HOME it would create its key only in the first round and reuse it after, while the app (key ring in its
    # database) creates one in every round. Both start for the first time, key ring included.
    env = dict(base_env, **spec["env"], HOME=folder)
    began = time.monotonic()
    proc = subprocess.Popen(["dotnet", spec["dll"], "--urls", f"http://127.0.0.1:{port}", *spec["args"]],
                            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"{name} exited with {proc.returncode} before answering; see {folder}.log (KEEP=1 keeps it)")
            try:
                with urllib.request.urlopen(url, timeout=timeout) as r:
                    if r.status == 200:
                        r.read()
                        return time.monotonic() - began
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.monotonic() - began > timeout:
                raise SystemExit(f"{name} did not answer 200 on {url} within {timeout:.0f} s")
            time.sleep(0.02)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()

load_start = loadavg()
times = {"app": [], "template": []}
print(f"== {rounds} rounds, load average at start {load_start}")
print(f"{'round':>5}  {'app (s)':>8}  {'template (s)':>12}  {'ratio':>6}")
for n in range(1, rounds + 1):
    # Alternate which goes first so a burst of load falls on both alike.
    order = ["app", "template"] if n % 2 else ["template", "app"]
    for name in order:
        times[name].append(start(name, n))
    a, t = times["app"][-1], times["template"][-1]
    print(f"{n:>5}  {a:>8.2f}  {t:>12.2f}  {a / t:>6.2f}")
ma, mt = statistics.median(times["app"]), statistics.median(times["template"])
ratios = [a / t for a, t in zip(times["app"], times["template"])]
print(f"median app {ma:.2f} s, median template {mt:.2f} s")
print(f"ratio of medians app/template: {ma / mt:.2f}; median of per-round ratios: {statistics.median(ratios):.2f}")
print(f"load average: start {load_start}, end {loadavg()}")
PY
