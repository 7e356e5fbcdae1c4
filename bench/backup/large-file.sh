#!/usr/bin/env bash
# Proves that a backup file larger than 4 GiB round-trips (64-bit offsets throughout).
#
#   bench/backup/large-file.sh [WORK_DIR]
#
# Creates a SQLite database holding 4,400 random 1 MiB blobs (incompressible, so the backup file is
# about 4.3 GiB even with zstd), backs it up, verifies the file, restores it into a new file, and
# compares every blob by SHA-256. Needs about 14 GB of free disk and python3. Run by
# `bench/backup/run.sh --large`, not in CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work="${1:-.work/bench-backup/files}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
source bench/backup/publish.sh
publish_upshift "$work/publish"
rm -f "$work"/large*.db "$work/large.upbak"

cat > "$work/large.sql" <<'SQL'
CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB NOT NULL);
WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 4400)
INSERT INTO blobs SELECT g, randomblob(1048576) FROM s;
SQL
"${upshift[@]}" exec --db "sqlite:$work/large.db" --file "$work/large.sql" >/dev/null
measure() { /usr/bin/time -f '%e s, max RSS %M KiB' "$@" 2>&1 >/dev/null | tail -n 1; }
echo "backup:  $(measure "${upshift[@]}" backup --db "sqlite:$work/large.db" --out "$work/large.upbak")"
size=$(stat -c %s "$work/large.upbak")
echo "file:    $size bytes ($(awk -v b="$size" 'BEGIN { printf "%.2f", b / 2^30 }') GiB)"
[[ "$size" -gt 4294967296 ]] || { echo "error: the backup is not larger than 4 GiB" >&2; exit 1; }
echo "verify:  $(measure "${upshift[@]}" backup verify "$work/large.upbak")"
echo "restore: $(measure "${upshift[@]}" restore --db "sqlite:$work/large-restored.db" --in "$work/large.upbak")"
python3 - "$work/large.db" "$work/large-restored.db" <<'PY'
import hashlib, sqlite3, sys
def digest(path):
    h = hashlib.sha256()
    for rowid, blob in sqlite3.connect(path).execute("SELECT id, b FROM blobs ORDER BY id"):
        h.update(rowid.to_bytes(8, "little")); h.update(blob)
    return h.hexdigest()
a, b = digest(sys.argv[1]), digest(sys.argv[2])
print("content: identical" if a == b else f"content: DIFFERENT {a} {b}")
sys.exit(0 if a == b else 1)
PY
rm -f "$work"/large*.db "$work/large.upbak" "$work/large.sql"
