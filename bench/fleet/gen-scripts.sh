#!/usr/bin/env bash
# bench/fleet/gen-scripts.sh COUNT DIR: writes COUNT small migration scripts into DIR (emptied first),
# deterministically; the first 5 of the 20-script release are the 5-script release, byte for byte.
# A cycle of five, one table per cycle: CREATE TABLE, ALTER TABLE ... ADD COLUMN, CREATE INDEX, an INSERT of
# three rows, CREATE VIEW. Portable SQL: the same folder serves SQLite and PostgreSQL.
# Prints "tables views" that the COUNT scripts create, for the check after each run.
set -euo pipefail
count="$1" dir="$2"
rm -rf "$dir" && mkdir -p "$dir"
tables=0 views=0
for i in $(seq 1 "$count"); do
    n=$(printf '%04d' "$i")
    t=$(printf 't%02d' $(( (i - 1) / 5 + 1 )))
    case $(( (i - 1) % 5 )) in
        0) name="create_table_$t"; tables=$((tables + 1))
           sql="CREATE TABLE $t (
    id integer PRIMARY KEY,
    name varchar(100) NOT NULL,
    amount numeric(12,2) NOT NULL DEFAULT 0
);" ;;
        1) name="add_column_${t}_note"; sql="ALTER TABLE $t ADD COLUMN note varchar(50);" ;;
        2) name="index_${t}_name"; sql="CREATE INDEX ix_${t}_name ON $t (name);" ;;
        3) name="insert_$t"
           sql="INSERT INTO $t (id, name, amount, note) VALUES
    (1, 'alpha $n', 10.50, 'a'),
    (2, 'beta $n', 20.25, 'b'),
    (3, 'gamma $n', 0, NULL);" ;;
        4) name="view_v_$t"; views=$((views + 1))
           sql="CREATE VIEW v_$t AS SELECT id, name, amount FROM $t WHERE note IS NOT NULL;" ;;
    esac
    printf -- '-- generated fleet benchmark script %d\n%s\n' "$i" "$sql" >"$dir/V${n}__$name.sql"
done
echo "$tables $views"
