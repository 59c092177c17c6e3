#!/bin/sh
# SPDX-License-Identifier: MIT
# Smoke tests of the example programs (casualty-reconcile, -compare,
# -parse, -plot, -sum, -mse) on the bundled data and on bad input: what
# they print, and their exit codes (0 ok, 1 bad input or data, 2 usage).
# The plot must be well-formed XML (xmllint) and render (rsvg-convert).
# TAP output.
set -u
bin="$top_builddir/examples"
data="$top_srcdir/examples/data/syria-2025-03.csv"
mse="$top_srcdir/tests/data/mse"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cas-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
  n=$((n + 1)); echo "not ok $n - $1"
  for f in "$tmp/out" "$tmp/err"; do
    [ -s "$f" ] && { echo "# $(basename "$f"):"; head -20 "$f" | sed 's/^/#   /'; }
  done
  return 0
}
check() { # description, then a command that succeeds when the check holds
  d=$1; shift
  if "$@"; then ok "$d"; else notok "$d"; fi
}
# run PROGRAM ARGS...: stdout in $tmp/out, stderr in $tmp/err, status in $st
run() { p=$1; shift; "$bin/$p" "$@" > "$tmp/out" 2> "$tmp/err"; st=$?; }
# run_in INPUT PROGRAM ARGS...: the same with stdin from the file INPUT
run_in() { i=$1; p=$2; shift 2; "$bin/$p" "$@" < "$i" > "$tmp/out" 2> "$tmp/err"; st=$?; }
has() { grep -q -- "$2" "$1"; }              # a line matching a regex
has_line() { grep -qxF -- "$2" "$1"; }       # exactly this line
status() { [ "$st" -eq "$1" ]; }
quiet() { [ ! -s "$tmp/out" ]; }             # nothing on stdout
lines() { [ "$(wc -l < "$1")" -eq "$2" ]; }
# A usage error: exit 2, the message on stderr with the hint, nothing on stdout.
usage_error() { # program, then a regex for the message, then the arguments
  p=$1; re=$2; shift 2
  run "$p" "$@"
  check "$p $*: usage error exits 2 and says why" \
    sh -c "[ $st -eq 2 ] && [ ! -s '$tmp/out' ] && grep -q -- \"$re\" '$tmp/err' &&
           grep -q \"Try '$p --help'\" '$tmp/err'"
}

for p in casualty-reconcile casualty-compare casualty-parse casualty-plot casualty-sum \
         casualty-mse casualty-rollup casualty-import casualty-check; do
  run "$p" --help
  check "$p --help: exit 0, usage and exit statuses on stdout" \
    sh -c "[ $st -eq 0 ] && grep -q '^usage: $p ' '$tmp/out' && grep -q '^Exit status: 0' '$tmp/out' && [ ! -s '$tmp/err' ]"
  run "$p" --version
  check "$p --version names the library version" has "$tmp/out" "^$p (libcasualty [0-9]"
  usage_error "$p" "unknown option '--no-such-option'" --no-such-option
done
printf 'id,source,outcome,low\na,SOHR,killed,12x\n' > "$tmp/bad.csv"

# ---- casualty-reconcile ------------------------------------------------
run casualty-reconcile
cp "$tmp/out" "$tmp/reconcile.txt"
check "reconcile: bundled data exits 0, nothing on stderr" sh -c "[ $st -eq 0 ] && [ ! -s '$tmp/err' ]"
check "reconcile: the table's heading" has "$tmp/out" \
  "^outcome  *group  *perpetrator  *place  *period  *claims  *sources  *envelope  *consensus  *best  *conflicts$"
check "reconcile: SOHR 1700 vs SNHR 823 civilians is a CONFLICT, best 1261" has "$tmp/out" \
  "^killed  *civilians  *\*  *syria/coast  *2025-03-06\.\.2025-03-12  *2  *2  *\[823, 1700\]  *CONFLICT  *1261 (midpoint)  *1$"
check "reconcile: the conflict with its gap and ratio" has_line "$tmp/out" \
  "    conflict        syria-004 (SOHR) > syria-005 (SNHR): gap 877, ratio 2.07"
check "reconcile: both floors hold for government-side combatants" has "$tmp/out" \
  "^killed  *combatants/government  *\*  *syria/coast  *2025-03-06\.\.2025-03-12  *2  *2  *\[219, open)  *\[315, open)  *-  *0$"
check "reconcile: the claims behind a bound" has_line "$tmp/out" \
  "    consensus_low          315  syria-001 (SOHR)"
check "reconcile: 24 scopes (the party's strength claim is left out)" \
  sh -c "[ \$(grep -c '^[a-z]' '$tmp/out') -eq 25 ] && ! grep -q 'syria-006' '$tmp/out'"
run casualty-reconcile "$data"
check "reconcile: the same table with the file named" cmp -s "$tmp/out" "$tmp/reconcile.txt"
run_in "$data" casualty-reconcile -
check "reconcile: the same table from stdin (FILE -)" cmp -s "$tmp/out" "$tmp/reconcile.txt"

run casualty-reconcile --format csv
check "reconcile --format csv: the library's CSV header" has_line "$tmp/out" \
  "outcome,group,perpetrator,place,event,period_start,period_end,claims,sources,superseded,excluded,envelope_low,envelope_high,consensus_low,consensus_high,consensus,best,conflict_pairs,envelope_low_claims,envelope_high_claims,consensus_low_claims,consensus_high_claims,best_claims,conflicts,best_kind,within_tolerance,outlier"
check "reconcile --format csv: the conflicting scope's row" has_line "$tmp/out" \
  "killed,civilians,,syria/coast,,2025-03-06,2025-03-12,2,2,0,0,823,1700,1700,823,no,1261,1,syria-005 (SNHR),syria-004 (SOHR),syria-004 (SOHR),syria-005 (SNHR),syria-005 (SNHR); syria-004 (SOHR),\"syria-004 (SOHR) > syria-005 (SNHR): gap 877, ratio 2.07\",midpoint,,"
check "reconcile --format csv: a header and 24 rows" lines "$tmp/out" 25

run casualty-reconcile -f markdown
check "reconcile --format markdown: the table's heading" has "$tmp/out" \
  "^| #   | outcome  *| group  *| perpetrator | place  *| period  *| claims | sources | envelope  *| consensus  *| best  *| conflicts |$"
check "reconcile --format markdown: CONFLICT in bold" has "$tmp/out" \
  "^|   7 | killed  *| civilians  *| \\\\\*  *| syria/coast  *| 2025-03-06\.\.2025-03-12 |      2 |       2 | \[823, 1700\]  *| \*\*CONFLICT\*\* | 1261 (midpoint) |         1 |$"
check "reconcile --format markdown: the claims behind the bounds" has_line "$tmp/out" \
  "   - conflict: syria-004 (SOHR) > syria-005 (SNHR): gap 877, ratio 2.07"

run casualty-reconcile -f csv --outcome killed --group civilians
check "reconcile --outcome killed --group civilians: only those scopes (8, sub-groups too)" \
  sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 9 ] &&
         [ \$(tail -n +2 '$tmp/out' | grep -vc '^killed,civilians') -eq 0 ] &&
         grep -q '^killed,civilians/alawite,' '$tmp/out'"
# Every row's place is within syria/coast/latakia and its period within 6-8 March.
rows_within() {
  tail -n +2 "$tmp/out" | awk -F, '
    $4 !~ /^syria\/coast\/latakia(\/|$)/ || $6 < "2025-03-06" || $7 > "2025-03-08" { bad = 1 }
    END { exit bad }'
}
run casualty-reconcile -f csv --place syria/coast/latakia --from 2025-03-06 --to 2025-03-08
check "reconcile --place --from --to: 9 scopes, places within, periods within" \
  sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 10 ]"
check "reconcile --place --from --to: no row outside the scope asked for" rows_within
run casualty-reconcile --to 2025-03-05
check "reconcile --to: a period with an unknown start is kept" has "$tmp/out" \
  "^casualties  *civilians  *\*  *syria/coast  *?\.\.2025-03-05 "
run casualty-reconcile -f csv --bases reported,documented,party
check "reconcile --bases party: the governor's strength claim comes in" has "$tmp/out" \
  "^strength,combatants/insurgents,,syria/coast,,2025-03-06,2025-03-12,1,1,0,0,5000,,5000,,yes,"
# --vocabulary FILE (docs/vocabulary.md): the default vocabulary extended.
printf 'id,source,outcome,group,low,high\na,S,killed,kids,3,3\nb,T,killed,civilians/children,4,4\nc,U,detained/captured,insurgents,9,9\n' > "$tmp/kids.csv"
printf '# kids are children\ngroup kids -> civilians/children\n' > "$tmp/kids.txt"
run casualty-reconcile -f csv --vocabulary "$tmp/kids.txt" "$tmp/kids.csv"
check "reconcile --vocabulary: an alias puts both spellings on one scope" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,civilians/children,,,,,,2,2,' '$tmp/out' && [ \$(wc -l < '$tmp/out') -eq 3 ]"
run casualty-reconcile -f csv "$tmp/kids.csv"
check "reconcile: the default vocabulary alone leaves 'kids' apart, and spells captured insurgents canonically" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,kids,' '$tmp/out' && grep -q '^captured,combatants/insurgents,' '$tmp/out'"
printf 'group kids ->\n' > "$tmp/badvocab.txt"
for p in casualty-reconcile casualty-sum casualty-compare casualty-plot casualty-parse casualty-mse casualty-import casualty-check; do
  run $p --vocabulary "$tmp/badvocab.txt" --help
  check "$p --vocabulary: a bad file is an error with its line and column" \
    sh -c "[ $st -eq 1 ] && grep -q \"badvocab.txt:1:14: expected the canonical path after '->'\" '$tmp/err'"
done
# --best (docs/model.md section 13): the rule that picks each scope's best.
run casualty-reconcile -f csv --outcome killed --group civilians --place syria/coast --from 2025-03-06 --to 2025-03-12 --best lowest
check "reconcile --best lowest: SNHR's 823, a figure a source reported" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,civilians,,syria/coast,,2025-03-06,2025-03-12,.*,no,823,1,.*,reported,,$' '$tmp/out'"
run casualty-reconcile -f csv --outcome killed --group civilians --place syria/coast --from 2025-03-06 --to 2025-03-12 --best priority:SOHR,SNHR
check "reconcile --best priority:SOHR,SNHR: SOHR's 1700" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,civilians,,syria/coast,,2025-03-06,2025-03-12,.*,no,1700,1,.*,reported,,$' '$tmp/out'"
run casualty-reconcile -f csv --outcome killed --group civilians --place syria/coast --from 2025-03-06 --to 2025-03-12 --best none-if-conflict
check "reconcile --best none-if-conflict: no best where SOHR and SNHR conflict" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,civilians,,syria/coast,,2025-03-06,2025-03-12,.*,no,,1,.*,$' '$tmp/out'"
usage_error casualty-reconcile "option '--best': expected median, lowest, none-if-conflict or priority:SRC,SRC,..., got 'mean'" --best mean
usage_error casualty-reconcile "option '--best': an empty source name in 'priority:SOHR,'" --best priority:SOHR,
run casualty-sum --by group --outcome killed --place syria/coast --from 2025-03-06 --to 2025-03-12 --best lowest
check "sum --by group --best lowest: civilians' best is SNHR's 823; floors alone give the total none" \
  sh -c "grep -q '^civilians  *2  *2  *\[823, 1700\]  *CONFLICT  *823$' '$tmp/out' &&
         grep -q '^total of 3  *5  *\[1242, open)  *none  *none (1 of 3 terms lack one)$' '$tmp/out'"
run casualty-reconcile --outcome nothing
check "reconcile: a filter that keeps nothing prints the heading only" \
  sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 1 ]"

run casualty-reconcile "$tmp/bad.csv"
check "reconcile: a bad row exits 1, nothing on stdout" sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ]"
check "reconcile: the library's error names file, line, column and field" has_line "$tmp/err" \
  "casualty-reconcile: $tmp/bad.csv:2:4: field 'low': expected a whole number >= 0, got '12x'"
run casualty-reconcile "$tmp/missing.csv"
check "reconcile: a missing file exits 1 with the reason" \
  sh -c "[ $st -eq 1 ] && grep -q \"missing.csv\" '$tmp/err' && grep -q 'cannot open' '$tmp/err'"
usage_error casualty-reconcile "option '--format': expected text, csv, markdown or jsonl, got 'xml'" --format xml
usage_error casualty-reconcile "option '--from': expected a date YYYY-MM-DD, got '2025-02-30'" --from 2025-02-30
usage_error casualty-reconcile "option '--from' is after '--to'" --from 2025-03-09 --to 2025-03-08
usage_error casualty-reconcile "option '--place': empty segment ('//') in path 'syria//coast'" --place syria//coast
usage_error casualty-reconcile "option '--bases': expected reported, documented, estimated or party, got 'rumour'" --bases reported,rumour
usage_error casualty-reconcile "option '-f' needs a value" -f
usage_error casualty-mse "expected one FILE of capture histories, got 2" a b
if [ -w /dev/full ]; then
  "$bin/casualty-reconcile" > /dev/full 2> "$tmp/err"; st=$?
  check "reconcile: a full disk exits 1 and says so" \
    sh -c "[ $st -eq 1 ] && grep -q 'cannot write the output' '$tmp/err'"
fi

# ---- casualty-compare --------------------------------------------------
run casualty-compare
check "compare: bundled data exits 0" status 0
check "compare: counts the sources and the pairs" has_line "$tmp/out" \
  "5 sources with counted claims; 1 pair of them gives figures for a scope in common."
check "compare: SOHR's figure runs 2.07 times SNHR's on 2 scopes, 1 agree, 1 conflict, one a pair of floors" has "$tmp/out" \
  "^SOHR  *SNHR  *2  *1  *1  *1  *1  *0  *2\.07  *2\.07  *2\.07  *0%  *1$"
check "compare: the grid gives the reciprocal the other way" has "$tmp/out" \
  "^3  *SNHR  *\.  *\.  *-  *2: 0\.48  *\.$"
run casualty-compare -f csv
check "compare --format csv: the pairs as CSV" \
  sh -c "[ $st -eq 0 ] && [ \"\$(cat '$tmp/out')\" = 'source A,source B,scopes,agree,conflict,n,A higher,B higher,p10 A/B,median,p90,within,floors
SOHR,SNHR,2,1,1,1,1,0,2.07,2.07,2.07,0%,1' ]"
run casualty-compare --outcome wounded
check "compare --outcome wounded: one source, no pairs" has_line "$tmp/out" \
  "1 sources with counted claims; 0 pairs of them give figures for a scope in common."

civ="--outcome killed --group civilians --place syria/coast --from 2025-03-06 --to 2025-03-12"
# shellcheck disable=SC2086
run casualty-compare --scope $civ
check "compare --scope: names the scope" has_line "$tmp/out" \
  "Scope: killed, civilians, *, syria/coast, 2025-03-06..2025-03-12"
check "compare --scope: the claims side by side" has "$tmp/out" "^range  *\[1700, 1700\]  *\[823, 823\]$"
check "compare --scope: their quotes side by side" has "$tmp/out" \
  "^quote  *Casualties3: 1,700 civilians killed (per SOHR)  *Casualties3: 823 civilians killed (SNHR estimate)$"
check "compare --scope: the pair compared (disjoint, gap 877, ratio 2.07)" has "$tmp/out" \
  "^syria-004  *syria-005  *disjoint  *no  *877  *2\.07  *neither$"
check "compare --scope: the scope reconciled by the library's printer" has "$tmp/out" \
  "^killed  *civilians  *\*  *syria/coast  *2025-03-06\.\.2025-03-12  *2  *2  *\[823, 1700\]  *CONFLICT  *1261 (midpoint)  *1$"
# shellcheck disable=SC2086
run casualty-compare --scope -f csv $civ
check "compare --scope --format csv: one column per claim" \
  sh -c "[ $st -eq 0 ] && [ \"\$(head -1 '$tmp/out')\" = ',syria-004,syria-005' ] && grep -qx 'status,counted,counted' '$tmp/out'"
run casualty-compare --scope --outcome strength --group combatants/insurgents --place syria/coast --from 2025-03-06 --to 2025-03-12
check "compare --scope: a party's claim is listed but not counted" \
  sh -c "[ $st -eq 0 ] && grep -q '^status  *not counted (party)$' '$tmp/out' && grep -q 'No claim on the scope is counted' '$tmp/out'"
run casualty-compare --scope --outcome killed --group nobody
check "compare --scope: a scope without claims exits 1" \
  sh -c "[ $st -eq 1 ] && grep -qx 'casualty-compare: no claim has the scope killed, nobody, \*, \*, \*' '$tmp/err'"
usage_error casualty-compare "option '--scope' needs the scope" --scope
run casualty-compare "$tmp/bad.csv"
check "compare: a bad row exits 1 with the library's error" \
  sh -c "[ $st -eq 1 ] && grep -q \"bad.csv:2:4: field 'low'\" '$tmp/err'"

# ---- casualty-parse ----------------------------------------------------
cat > "$tmp/para.txt" <<'EOF'
SOHR said that 48 people were killed in clashes in Jableh. Syrian Network for Human Rights (SNHR) reported that 164 civilians were killed by armed militias supporting the Syrian government between 6 and 8 March. Nearly 400 Syrian security personnel and dozens of civilians were killed in the attacks.
EOF
run casualty-parse --year 2025 --place syria/coast "$tmp/para.txt"
cp "$tmp/out" "$tmp/parsed.csv"
check "parse: exits 0, writes the claims CSV header" \
  sh -c "[ $st -eq 0 ] && [ \"\$(head -1 '$tmp/out')\" = 'id,source,source_kind,relay,basis,outcome,group,perpetrator,place,event,period_start,period_end,reported_on,qualifier,low,high,best,citation,quote' ]"
check "parse: SOHR's exact 48, with the words it came from" has "$tmp/out" \
  "^claim-001,SOHR,,,reported,killed,,,syria/coast,,,,,exact,48,48,48,.*,48 people were killed$"
check "parse: SNHR's 164 civilians, 6-8 March, with its perpetrator" has "$tmp/out" \
  "^claim-002,SNHR,,,reported,killed,civilians,[a-z/]*,syria/coast,,2025-03-06,2025-03-08,,exact,164,164,164,"
check "parse: 'nearly 400' is [360, 399], unattributed" has "$tmp/out" \
  "^claim-003,unattributed,,,reported,killed,combatants/government/security,.*,nearly,360,399,,"
check "parse: 'dozens' is the default table's [24, 99]" has "$tmp/out" \
  "^claim-004,unattributed,.*,killed,civilians,.*,vague,24,99,,.*,dozens of civilians were killed$"
check "parse: the citation records the file and the hedge table" has "$tmp/out" \
  "\"$tmp/para.txt (casualty-parse, hedge table default)\""
run_in "$tmp/parsed.csv" casualty-reconcile -f csv -
check "parse: its output loads and reconciles (casualty-reconcile -)" \
  sh -c "[ $st -eq 0 ] && grep -q '^killed,civilians,' '$tmp/out'"
printf 'Casualties1: + 315 killed (per SOHR), + 219 killed (per SNHR)\nCasualties3: 1,700 civilians killed (per SOHR)\n' > "$tmp/infobox.txt"
run_in "$tmp/infobox.txt" casualty-parse -k casualty --source Wikipedia --id-prefix box \
  --from 2025-03-06 --to 2025-03-12 --reported-on 2025-03-13
check "parse -k casualty: '+ 315' is a floor, credited to SOHR" has "$tmp/out" \
  "^box-001,SOHR,,,reported,killed,,,,,2025-03-06,2025-03-12,2025-03-13,at_least,315,,,\"stdin (casualty-parse, hedge table default)\",+ 315 killed (per SOHR)$"
check "parse -k casualty: '1,700' is a count, not a year" has "$tmp/out" \
  "^box-003,SOHR,.*,civilians,.*,exact,1700,1700,1700,.*\"1,700 civilians killed (per SOHR)\"$"
printf 'dozens of civilians were killed\n' > "$tmp/dozens.txt"
run casualty-parse --preset acled --source X "$tmp/dozens.txt"
check "parse --preset acled: 'dozens' is a floor of 12" has "$tmp/out" \
  "^claim-001,X,.*,killed,civilians,.*,vague,12,,12,\".*hedge table acled)\",dozens of civilians were killed$"
printf '+ 5,000 insurgents (Latakia governor'"'"'s claim)\n' > "$tmp/strength.txt"
run casualty-parse -k strength "$tmp/strength.txt"
check "parse -k strength: a strength, with the outcome strength" has "$tmp/out" \
  "^claim-001,Latakia governor,,,party,strength,combatants/insurgents,.*,at_least,5000,,"
# Issue 20: a claim whose quote is longer than a field (64 KB) made
# casualty-parse fail on valid text and print the whole quote; the quote is
# now cut at a character and marked "...", the figure kept.
awk 'BEGIN { printf "30 people "; for (i = 0; i < 7000; i++) printf "aaaaaaaaaa"; print " were killed" }' \
  > "$tmp/longquote.txt"
run casualty-parse --year 2025 "$tmp/longquote.txt"
check "parse: a 70 KB quote is cut to the field's 65536 bytes, marked, the figure kept" \
  sh -c "[ $st -eq 0 ] && [ ! -s '$tmp/err' ] && [ \$(wc -l < '$tmp/out') -eq 2 ] &&
    awk -F, 'NR == 2 { exit !(\$15 == 30 && length(\$NF) == 65536 && \$NF ~ /^30 people a+[.][.][.]\$/) }' '$tmp/out'"
run_in /dev/null casualty-parse
check "parse: empty text gives the header only" sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 1 ]"
printf 'at least 5 were killed \377\n' > "$tmp/latin1.txt"
run_in "$tmp/latin1.txt" casualty-parse
check "parse: text that is not UTF-8 exits 1 with the library's reason" \
  sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ] && grep -q '^casualty-parse: stdin:.*invalid UTF-8 at byte 24' '$tmp/err'"
run casualty-parse "$tmp/missing.txt"
check "parse: a missing file exits 1" sh -c "[ $st -eq 1 ] && grep -q 'missing.txt: cannot open' '$tmp/err'"
usage_error casualty-parse "option '--field': expected prose, casualty or strength, got 'infobox'" -k infobox
usage_error casualty-parse "option '--preset': unknown preset 'loose'" --preset loose
usage_error casualty-parse "option '--year': expected a year from 1 to 9999, got '0'" --year 0
usage_error casualty-parse "option '--group': expected a path" --group /civilians
# an empty value is named by its option, given as one word or two
usage_error casualty-parse "option '--source' needs a value" --source ''
usage_error casualty-parse "option '--id-prefix' needs a value" --id-prefix=''
usage_error casualty-parse "option '--citation' needs a value" --citation ''
usage_error casualty-parse "option '--source-kind' needs a value" --source-kind 

# ---- casualty-plot -----------------------------------------------------
run casualty-plot --log
cp "$tmp/out" "$tmp/plot.svg"
check "plot: bundled data exits 0 with an SVG" sh -c "[ $st -eq 0 ] && head -2 '$tmp/out' | grep -q '^<svg xmlns=\"http://www.w3.org/2000/svg\"'"
if command -v xmllint > /dev/null 2>&1; then
  check "plot: the SVG is well-formed XML (xmllint)" xmllint --noout "$tmp/plot.svg"
else
  notok "plot: xmllint not found (Debian: apt-get install libxml2-utils)"
fi
if command -v rsvg-convert > /dev/null 2>&1; then
  rsvg-convert "$tmp/plot.svg" -o "$tmp/plot.png" 2> "$tmp/err"
  check "plot: the SVG renders to PNG (rsvg-convert)" \
    sh -c "[ -s '$tmp/plot.png' ] && [ \"\$(head -c 4 '$tmp/plot.png' | tail -c 3)\" = PNG ]"
else
  notok "plot: rsvg-convert not found (Debian: apt-get install librsvg2-bin)"
fi
check "plot: title, and the data described" \
  sh -c "grep -q '<title>Casualty claims by scope</title>' '$tmp/plot.svg' && grep -q '26 claims on 24 scopes' '$tmp/plot.svg'"
check "plot: the conflict is marked and hatched" \
  sh -c "grep -q 'CONFLICT: 1,700 &gt; 823' '$tmp/plot.svg' && grep -q 'fill=\"url(#gap)\"' '$tmp/plot.svg'"
check "plot: a mark in the conflict colour per conflicting claim (SOHR, SNHR)" \
  sh -c "[ \$(grep -c -e 'fill=\"#d55e00\" text-anchor=\"end\">SNHR</text>' -e 'fill=\"#d55e00\" text-anchor=\"end\">SOHR</text>' '$tmp/plot.svg') -eq 2 ] &&
         [ \$(grep -c 'width=\"8.0\" height=\"8.0\" fill=\"#d55e00\"' '$tmp/plot.svg') -eq 2 ]"
check "plot: open ends drawn as arrowheads" has "$tmp/plot.svg" "<polygon points="
check "plot: one heading per outcome" \
  sh -c "[ \$(grep -c 'font-weight=\"bold\" fill=\"#1a1a1a\">\(captured\|casualties\|displaced\|killed\|wounded\)</text>' '$tmp/plot.svg') -eq 5 ]"
check "plot --log: a log axis with decades" \
  sh -c "grep -q '>10,000</text>' '$tmp/plot.svg' && grep -q 'count (logarithmic scale)' '$tmp/plot.svg'"
check "plot: the legend" has "$tmp/plot.svg" ">consensus: counts every source allows</text>"
run casualty-plot --outcome killed --group civilians --title 'Civilians & others' -o "$tmp/civ.svg"
check "plot -o: writes the file, nothing on stdout" sh -c "[ $st -eq 0 ] && [ ! -s '$tmp/out' ] && [ -s '$tmp/civ.svg' ]"
check "plot: a linear axis by default, the title escaped, 8 scopes" \
  sh -c "grep -q 'count (linear scale)' '$tmp/civ.svg' && grep -q '<title>Civilians &amp; others</title>' '$tmp/civ.svg' && grep -q '9 claims on 8 scopes' '$tmp/civ.svg'"
if command -v xmllint > /dev/null 2>&1; then
  check "plot: the filtered SVG is well-formed too" xmllint --noout "$tmp/civ.svg"
fi
run casualty-plot --outcome nothing
check "plot: nothing to plot exits 1" \
  sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ] && grep -q 'no scope to plot' '$tmp/err'"
run casualty-plot -o "$tmp/no/such/dir/plot.svg"
check "plot: an output file that cannot be written exits 1" \
  sh -c "[ $st -eq 1 ] && grep -q 'cannot open for writing' '$tmp/err'"
run casualty-plot "$tmp/bad.csv"
check "plot: a bad row exits 1" sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ]"
usage_error casualty-plot "option '--width': expected 200 to 4000 pixels, got '50'" --width 50
# --summary on the Civil War file: one row per scope, capped with a note.
acw="$top_srcdir/examples/data/acw-casualties.csv"
run casualty-plot --summary --max-rows 25 --log --label group,place "$acw"
cp "$tmp/out" "$tmp/summary.svg"
nscopes=$("$bin/casualty-reconcile" -f csv "$acw" | tail -n +2 | wc -l)
check "plot --summary: exits 0, capped at 25 rows with a note naming all $nscopes scopes" \
  sh -c "[ $st -eq 0 ] && grep -q 'the 25 of $nscopes scopes whose sources run furthest apart' '$tmp/summary.svg' &&
         [ \$(grep -c '<text x=\"24.0\" y=\"[0-9.]*\" font-size=\"11\" fill=\"#1a1a1a\">combatants/' '$tmp/summary.svg') -eq 25 ]"
if command -v xmllint > /dev/null 2>&1; then
  check "plot --summary: the SVG is well-formed XML (xmllint)" xmllint --noout "$tmp/summary.svg"
fi
check "plot --summary: outlier dots only on rows naming an outlier" \
  sh -c "o=\$(grep -c 'outlier: ' '$tmp/summary.svg'); d=\$(grep -c '<circle [^>]*fill=\"#d55e00\"' '$tmp/summary.svg');
         [ \$o -gt 0 ] && [ \$d -ge \$o ] && [ \$(grep -c '<circle' '$tmp/summary.svg') -gt \$d ]"
run casualty-plot --summary
check "plot --summary: two sources that disagree have no outlier (Syria; the one dot is the legend's)" \
  sh -c "[ $st -eq 0 ] && [ \$(grep -c '<circle [^>]*fill=\"#d55e00\"' '$tmp/out') -eq 1 ] && grep -q 'all 24 scopes' '$tmp/out'"
usage_error casualty-plot "option '--label': expected scope fields" --summary --label battle
usage_error casualty-plot "option '--max-rows': expected 1 to 100000, got '0'" --summary --max-rows 0

# ---- casualty-sum ------------------------------------------------------
run casualty-sum
check "sum: propagation over the bundled data" has_line "$tmp/out" \
  "Propagation from each scope's consensus over 24 scopes: 9 bounds tightened, 4 scopes in conflict."
check "sum: 'nearly 400' security personnel raise government-side deaths to 360" has "$tmp/out" \
  "^killed  *combatants/government  *\*  *syria/coast  *\*  *2025-03-06\.\.2025-03-12  *\[315, open)  *\[360, open)  *-  *tightened$"
check "sum: the chain of claims behind the tightened bound" has_line "$tmp/out" \
  "    low 360, part (a whole is at least its part): syria-008 (Wikipedia (unattributed))"
check "sum: a conflict propagation finds, with the claims on both sides" \
  sh -c "grep -q '^killed  *combatants/government/security  *insurgents  *syria/coast  *\*  *2025-03-06\.\.2025-03-08  *\[121, 121\]  *\[360, 121\]  *121  *CONFLICT$' '$tmp/out' &&
         grep -qx '    high 121, claims (the scope.s own claims): syria-023 (SNHR)' '$tmp/out'"
check "sum: a part capped by its whole" has_line "$tmp/out" \
  "    high 48, whole (a part is at most its whole): syria-011 (SOHR)"
run casualty-sum -f csv
check "sum --format csv: one value a cell, rules and claims in columns" \
  sh -c "[ $st -eq 0 ] && head -1 '$tmp/out' | grep -qx 'outcome,group,perpetrator,place,event,period_start,period_end,before_low,before_high,after_low,after_high,best,best_kind,state,low_rule,low_claims,high_rule,high_claims' &&
         grep -qx 'killed,combatants/government,,syria/coast,,2025-03-06,2025-03-12,315,,360,,,,tightened,part,syria-008 (Wikipedia (unattributed)),claims,syria-002 (SNHR); syria-001 (SOHR)' '$tmp/out'"
run casualty-sum --all
check "sum --all: every scope listed (24 and the heading)" sh -c "[ $st -eq 0 ] && [ \$(grep -c '^[a-z]' '$tmp/out') -eq 25 ]"
run casualty-sum --range envelope
check "sum --range envelope: starts from the envelopes" has "$tmp/out" \
  "^Propagation from each scope's envelope over 24 scopes: .* 3 scopes in conflict\.$"
run casualty-sum --by group --outcome killed --place syria/coast --from 2025-03-06 --to 2025-03-12
check "sum --by group: the parts" has "$tmp/out" "^combatants/insurgents  *1  *1  *\[200, 200\]  *\[200, 200\]  *200$"
check "sum --by group: the total of the envelopes" has "$tmp/out" "^total of 3  *5  *\[1242, open)  *none  *none (1 of 3 terms lack one)$"
check "sum --by group: why there is no total consensus" has "$tmp/out" \
  "^No total consensus: term 0: the sources on killed civilians .* do not agree"
run casualty-sum --by perpetrator --outcome killed --group civilians --place syria/coast --from 2025-03-06 --to 2025-03-08 -f csv
check "sum --by perpetrator --format csv: government + insurgents" \
  sh -c "[ $st -eq 0 ] && head -1 '$tmp/out' | grep -qx 'row,perpetrator,claims,sources,envelope_low,envelope_high,consensus,consensus_low,consensus_high,best,best_kind,note' && grep -qx 'total,,2,,190,190,yes,190,190,190,sum,' '$tmp/out'"
printf 'id,source,outcome,group,place,period_start,period_end,low,high\na,A,killed,civilians,x,2025-03-01,2025-03-05,10,10\nb,B,killed,civilians,x,2025-03-03,2025-03-08,20,20\n' > "$tmp/overlap.csv"
run casualty-sum --by period --outcome killed --group civilians --place x "$tmp/overlap.csv"
check "sum --by period: overlapping periods are refused (double counting)" \
  sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ] && grep -q 'are not disjoint (overlapping): adding them would count the same people twice' '$tmp/err'"
# Events (docs/model.md section 9): two UCDP GED events in one district on
# one day are two scopes that add; a monitor's figure without an event is
# their whole.
printf 'id,source,outcome,place,event,period_start,period_end,low,high,best\na,UCDP GED,killed,syria/idlib,ucdp-ged:1,2017-04-04,2017-04-04,2,2,2\nb,UCDP GED,killed,syria/idlib,ucdp-ged:2,2017-04-04,2017-04-04,3,5,4\nc,SOHR,killed,syria/idlib,,2017-04-04,2017-04-04,1,,\n' > "$tmp/events.csv"
run casualty-reconcile "$tmp/events.csv"
check "reconcile: two events on one day are two scopes, neither in conflict" \
  sh -c "[ $st -eq 0 ] && head -1 '$tmp/out' | grep -q '  place  *event  *period  ' &&
         grep -q '^killed  *\*  *\*  *syria/idlib  *ucdp-ged:2  *2017-04-04\.\.2017-04-04  *1  *1  *\[3, 5\]  *\[3, 5\]  *4  *0$' '$tmp/out' &&
         ! grep -q CONFLICT '$tmp/out'"
run casualty-reconcile -f csv --event ucdp-ged:1 "$tmp/events.csv"
check "reconcile --event: only that event's scope" \
  sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 2 ] && grep -q '^killed,,,syria/idlib,ucdp-ged:1,2017-04-04,' '$tmp/out'"
run casualty-sum --by event --outcome killed --place syria/idlib --from 2017-04-04 --to 2017-04-04 "$tmp/events.csv"
check "sum --by event: the events add up" has "$tmp/out" "^total of 2  *2  *\[5, 7\]  *\[5, 7\]  *6$"
run casualty-sum "$tmp/events.csv"
check "sum: the whole without an event is at least the sum of its events" has "$tmp/out" \
  "^killed  *\*  *\*  *syria/idlib  *\*  *2017-04-04\.\.2017-04-04  *\[1, open)  *\[5, open)  *-  *tightened$"
run casualty-reconcile --event 'a//b' "$tmp/events.csv"
check "reconcile --event: a malformed event is a usage error" \
  sh -c "[ $st -eq 2 ] && grep -q \"option '--event': empty segment\" '$tmp/err'"
run casualty-sum --by place --outcome killed
check "sum --by: no parts exits 1" \
  sh -c "[ $st -eq 1 ] && grep -q 'no scope with claims lies within killed' '$tmp/err'"
usage_error casualty-sum "option '--by': expected outcome, group, perpetrator, place, event or period, got 'source'" --by source
usage_error casualty-sum "option '--range': expected consensus or envelope, got 'best'" --range best

# ---- several FILEs: one ledger ------------------------------------------
printf 'id,source,outcome,low\nextra-1,X,killed,5\n' > "$tmp/extra.csv"
run casualty-reconcile -f csv "$data" "$tmp/extra.csv"
check "reconcile: two FILEs read as one ledger" has "$tmp/out" "extra-1 (X)"
run casualty-reconcile "$data" "$data"
check "reconcile: the same FILE twice: a duplicate id, exit 1" \
  sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ] && grep -q 'already' '$tmp/err'"

# ---- casualty-import and casualty-check (tests/import.py runs them on real data)
run casualty-import
check "import: no FORMAT is a usage error" sh -c "[ $st -eq 2 ] && grep -q 'expected a FORMAT' '$tmp/err'"
usage_error casualty-import "unknown FORMAT 'nope'" nope
usage_error casualty-import "option '--encoding'" ucdp-ged --encoding ebcdic
usage_error casualty-import "needs --mapping" mapping
run casualty-import --list
check "import --list names the formats" sh -c "[ $st -eq 0 ] && grep -qx ucdp-ged '$tmp/out' && grep -qx mapping '$tmp/out'"
run casualty-import ucdp-ged "$top_srcdir/tests/data/real/ucdp_ged_sample_asia_mini.csv"
check "import ucdp-ged: the sample's five events and their parties" \
  sh -c "[ $st -eq 0 ] && [ \$(grep -c '^ucdp-ged-[0-9]*,' '$tmp/out') -eq 5 ]"
run casualty-check "$data"
check "check: the bundled data is good" sh -c "[ $st -eq 0 ] && grep -q ' 0 rows bad, 0 files unreadable' '$tmp/out'"
run casualty-check "$tmp/bad.csv"
check "check: a bad row is listed with its place and reason, exit 1" \
  sh -c "[ $st -eq 1 ] && grep -q \"bad.csv:2:4: field 'low'\" '$tmp/out'"
usage_error casualty-check "expected at least one FILE"

# ---- casualty-rollup ---------------------------------------------------
usage_error casualty-rollup "option '--period' is required" --place-depth 1
usage_error casualty-rollup "option '--place-depth' is required" --period month
usage_error casualty-rollup "option '--period': expected day, week" --place-depth 1 --period fortnight
usage_error casualty-rollup "option '--straddle': expected list, first or split" \
  --place-depth 1 --period month --straddle middle
printf 'id,source,outcome,place,event,period_start,period_end,low,high,best\n%s\n%s\n%s\n%s\n' \
  'a,S,killed,syria/aleppo,e:1,2017-01-03,2017-01-03,2,4,3' \
  'b,S,killed,syria/idlib,e:2,2017-01-30,2017-02-02,5,5,5' \
  'c,S,killed,syria/idlib,e:3,2017-01-31,2017-01-31,1,1,' \
  'w,S,killed,syria,,2017-01-01,2017-01-31,9,9,9' > "$tmp/events.csv"
run casualty-rollup --place-depth 1 --period month "$tmp/events.csv"
check "rollup: exit 0, one claim for the country-month" sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 2 ]"
check "rollup: the sums, no best (c has none), the claims named" has_line "$tmp/out" \
  'rollup:S:syria:2017-01:killed::,S,,,reported,killed,,,syria,,2017-01-01,2017-01-31,,range,3,5,,"rollup of a, c",sum of 2 events'
check "rollup: the straddler listed on stderr" has "$tmp/err" "left out, straddles a month boundary or has an unknown day: b (S, 2017-01-30..2017-02-02)"
check "rollup: the whole without an event said on stderr" has "$tmp/err" "1 claim without an event left out"
run_in "$tmp/events.csv" casualty-rollup --place-depth 2 --period month --straddle split -
cp "$tmp/out" "$tmp/rolled.csv"
check "rollup --straddle split: b's 5 over 4 days, 2+1 in January, 1+1 in February" sh -c \
  "grep -q '^rollup:S:syria/idlib:2017-01:killed::.*,exact,4,4,,' '$tmp/out' && grep -q '^rollup:S:syria/idlib:2017-02:killed::.*,exact,2,2,2,' '$tmp/out'"
run_in "$tmp/rolled.csv" casualty-reconcile -f csv -
check "rollup | casualty-reconcile -: one scope per bucket" sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 4 ]"
# Two datasets rolled up alike compare bucket by bucket (docs/model.md
# section 11): S's January in Syria is [3, 5] with no best (its figure 3),
# T's is 8, a ratio of 2.67 on the one bucket in common.
printf 'id,source,outcome,place,event,period_start,period_end,low,high,best\nx,T,killed,syria/aleppo,t:9,2017-01-05,2017-01-05,6,6,6\ny,T,killed,syria/idlib,t:8,2017-01-20,2017-01-20,2,2,2\n' > "$tmp/other.csv"
run casualty-rollup --place-depth 1 --period month "$tmp/events.csv"
cp "$tmp/out" "$tmp/rolled-s.csv"
run casualty-rollup --place-depth 1 --period month "$tmp/other.csv"
cp "$tmp/out" "$tmp/rolled-t.csv"
run casualty-compare -f csv "$tmp/rolled-s.csv" "$tmp/rolled-t.csv"
check "rollup, twice, | casualty-compare: the two datasets meet on the country-month" \
  sh -c "[ $st -eq 0 ] && grep -qx 'T,S,1,0,1,1,1,0,2.67,2.67,2.67,0%,0' '$tmp/out'"

# ---- casualty-mse ------------------------------------------------------
run casualty-mse "$mse/hepatitis-a-taiwan.csv"
check "mse: three lists, the records observed" has_line "$tmp/out" "3 lists: P, Q, E; 271 records observed."
check "mse: the independence model (Rcapture: 388.48, deviance 24.357, AIC 69.748)" has "$tmp/out" \
  "^independence  *388\.5  *21\.6  *[0-9.]*  *[0-9.]*  *log-normal  *24\.357  *3  *69\.748  *84\.156  *7\.154$"
check "mse: the chosen model and its profile interval" has_line "$tmp/out" \
  "Chosen by AIC: [12,23], N-hat 526.7, 95% profile interval 408.9 to 734.2."
check "mse: the saturated model is reported, not fitted" has "$tmp/out" \
  "^- 1 (saturated model: no degrees of freedom left), \[12,13,23\]: "
run casualty-mse --criterion bic "$mse/hepatitis-a-taiwan.csv"
check "mse --criterion bic: BIC picks independence, 2 models well supported" \
  sh -c "grep -q '^Chosen by BIC: independence, N-hat 388.5' '$tmp/out' && grep -q '^Well supported (BIC within 2 of the best): 2 of 7 models, N-hat 388.5 to 526.7,' '$tmp/out'"
run casualty-mse "$mse/seber.csv"
check "mse: two lists give Lincoln-Petersen and Chapman" \
  sh -c "grep -q '^Lincoln-Petersen  *2389\.9  *130\.4 ' '$tmp/out' && grep -q '^Chapman  *2382\.8  *129\.1  *2155\.7  *2663\.9  *log-normal' '$tmp/out'"
run casualty-mse --top 3 "$mse/hiv-rome.csv"
check "mse --top: the best models, the rest counted" \
  sh -c "grep -q '^\[12\]  *12318\.5  *1188\.7  *10266\.0  *14992\.3  *profile' '$tmp/out' && grep -qx '(91 more models not listed)' '$tmp/out'"
check "mse: models without an estimate are grouped by reason" has "$tmp/out" \
  "^- 18 (fit diverged: no maximum-likelihood estimate), e\.g\. \[134\]: "
run casualty-mse -f csv --model independence "$mse/hepatitis-a-taiwan.csv"
check "mse --model --format csv: one model as CSV" \
  sh -c "[ $st -eq 0 ] && [ \$(wc -l < '$tmp/out') -eq 2 ] && head -1 '$tmp/out' | grep -qx 'model,n_hat,se,low,high,interval,low_at_observed,deviance,df,aic,bic,daic' && grep -q '^independence,388\.48349[0-9]*,21\.55309[0-9]*,350\.31364[0-9]*,435\.41397[0-9]*,profile,no,24\.35683[0-9]*,3,69\.74790[0-9]*,84\.15637[0-9]*,$' '$tmp/out'"
run casualty-mse --claim --outcome killed --group civilians --id hiv-1 "$mse/hiv-rome.csv"
cp "$tmp/out" "$tmp/claim.csv"
check "mse --claim: the estimate as a claims CSV row" has "$tmp/out" \
  "^hiv-1,\"MSE log-linear \[12\] chosen by AIC; lists: c1, c2, c3, c4\",,,estimated,killed,civilians,,,,,,,approx,9596,21720,12318,,"
run casualty-reconcile -f csv --bases estimated "$tmp/claim.csv"
check "mse --claim: the row reconciles as an estimate" has "$tmp/out" \
  "^killed,civilians,,,,,,1,1,0,0,9596,21720,9596,21720,yes,12318,0,"
run_in "$mse/seber.csv" casualty-mse -
check "mse: reads the table from stdin" has "$tmp/out" "^Chapman  *2382\.8 "
printf 'A,B,count\n1,0,5\n0,1,x\n1,1,2\n' > "$tmp/bad-mse.csv"
run casualty-mse "$tmp/bad-mse.csv"
check "mse: a bad count exits 1 with the library's error" \
  sh -c "[ $st -eq 1 ] && [ ! -s '$tmp/out' ] && grep -qx \"casualty-mse: $tmp/bad-mse.csv:3:3: field 'count': expected a whole number >= 0, got 'x'\" '$tmp/err'"
printf 'A,B,count\n1,0,5\n0,1,4\n1,1,0\n' > "$tmp/apart.csv"
run casualty-mse "$tmp/apart.csv"
check "mse: lists without overlap give no estimate (exit 1)" \
  sh -c "[ $st -eq 1 ] && grep -q 'no record is on both lists' '$tmp/err'"
usage_error casualty-mse "expected one FILE of capture histories, got 0"
usage_error casualty-mse "option '--level': expected a number between 0 and 1, got '95'" --level 95 "$mse/seber.csv"
usage_error casualty-mse "option '--model': at byte 3: '5' is not a list number" --model '[15]' "$mse/hiv-rome.csv"

echo "1..$n"
