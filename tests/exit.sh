#!/bin/sh
# tests/exit.sh - the manual's EXIT STATUS table is true (issue 22).
#
# The table is read from man/pecli.1: every '.It N' row of the EXIT STATUS
# section is a status, its text (mdoc's macros taken out, '.Fl x' read as
# '--x') what the row promises.  Each case below is
#
#   ROW|PHRASE|ARGS[; VAR=VALUE ...]|MESSAGE
#
# PHRASE is the clause the case proves: one or more parts joined by ' ... ',
# each of them in row ROW's text (a clause taken out of the manual fails its
# case).  pecli ARGS, run in an empty folder with the environment VAR=VALUE,
# must exit with status ROW, or E when ROW is written 'ROW>E' (a row that
# says what is not an error).  MESSAGE, if given, must be in its standard
# error for status 2 and 3, else in its standard output.  Then:
#
# - status 2 and 3: standard error is one line starting with 'pecli: ' (plus
#   the "Try 'pecli CMD --help'." line of a usage error) and the folder is
#   left empty: no output file and no temporary file, whether the run
#   stopped before its output (2) or while writing it (3: the full disk,
#   libpng's failed write, the gnuplot that wrote and failed); a usage error
#   also writes nothing on standard output;
# - status 0 and 1: the table is written in full (its last line has as many
#   fields as its header, and ends with a newline).
#
# Running out of memory (FAILMALLOC_AT=find): the allocation shim
# tests/failmalloc.so (see tests/faults.sh) makes the k-th allocation fail,
# for k = 1, 2, ... up to the run's count, and the case is the first run
# whose standard error says MESSAGE: the reader's own "out of memory" for
# its file (a --config's buffer, a model's config.json, a CSV's, .npy's or
# safetensors' values or header), before json-c parses anything, so that no
# run of the search meets json-c's own unreported failures.  These cases
# are skipped, counted as such, where the shim cannot interpose malloc (a
# build with AddressSanitizer, or no shim); the others still run.  So is
# a case with FAILMALLOC_FORK (the shim makes fork fail, or the forked
# child crash as cairo does when an allocation fails while it draws).
#
# Every clause is proven: the row's text, with every PHRASE of its cases
# and of the CLAIMS below taken out, must hold nothing but the filler words
# 'a an and also or such as the with' and punctuation, so a clause added to
# the manual fails here until a case proves it.  A CLAIM is a clause proven
# by the checks above, for every case of its row, or by another test named.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
SHIM=$(cd "$top_builddir" && pwd)/tests/failmalloc.so
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)
DATA=$(cd "$top_srcdir/tests/data" && pwd)
MAN=$top_srcdir/man/pecli.1

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-exit.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# The rows: "STATUS<TAB>text" per line.  In a macro line, '.Fl x' is
# '--x' and the other macro names go; mdoc's spaces before closing
# punctuation and after '(' go too.
awk '
	/^\.Sh EXIT STATUS/ { on = 1; next }
	on && /^\.Sh / { on = 0 }
	!on { next }
	/^\.It [0-9]+$/ { if (code != "") put(); code = $2; text = ""; next }
	/^\.El/ { if (code != "") put(); code = ""; next }
	code != "" {
		line = $0
		if (line ~ /^\./) {
			n = split(substr(line, 2), w, " ")
			line = ""
			for (i = 1; i <= n; i++) {
				if (w[i] == "Fl" && i < n) { w[i + 1] = "-" w[i + 1]; continue }
				if (w[i] ~ /^(Cm|Ql|Pf|Ns|Li|Ar|Pa|Ev|Sq|Dq|Em|Sy|Va|Ic|Nm)$/) continue
				line = line (line == "" ? "" : " ") w[i]
			}
		}
		gsub(/\\-/, "-", line); gsub(/\\&/, "", line)
		text = text " " line
	}
	function put() {
		gsub(/ +/, " ", text); sub(/^ /, "", text)
		gsub(/ ,/, ",", text); gsub(/ ;/, ";", text); gsub(/ \./, ".", text)
		gsub(/ \)/, ")", text); gsub(/\( /, "(", text)
		print code "\t" text
	}
' "$MAN" >"$T/rows"
[ -s "$T/rows" ] || { echo "FAIL: no EXIT STATUS rows in $MAN"; exit 1; }

# ---- the inputs the cases read ----
mkdir "$T/in" "$T/bin"
I=$T/in
printf '1,2\n3,4\n5,6\n' >"$I/t3.csv"
printf '0.1,0.2x\n0.3,0.4\n' >"$I/typo.csv"
printf '{"rope_theta": "big"}' >"$I/bad.json"
printf '1e200,1e200\n2e200,1e200\n1e200,3e200\n' >"$I/huge.csv"
# a q_proj of one head of d = 2 over one input: its scores are about
# 1e400, beyond a double (DBL_MAX is about 1.8e308)
printf '1e200\n-1e200\n' >"$I/hugew.csv"
# a GPT-2-like model folder (tests/faults.sh's), and its wpe alone as a
# one-tensor safetensors file (https://huggingface.co/docs/safetensors)
mkdir "$I/gpt2"
printf '{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 2, "n_head": 1, "n_positions": 3}' >"$I/gpt2/config.json"
WPE=0000003f0000803f000000c00000803e0000c03f000040bf   # F32 0.5 1 / -2 0.25 / 1.5 -0.75
st_write "$I/gpt2/model.safetensors" \
	'{"wte.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"wpe.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[8,32]}}' \
	"0000803f0000803f$WPE"
st_write "$I/wpe.safetensors" \
	'{"wpe.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}' "$WPE"
# a Llama-like model of one head of d = 2 whose q_proj is hugew.csv's, in
# float64 (1e200, -1e200)
mkdir "$I/llama"
printf '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 2, "num_attention_heads": 1, "num_key_value_heads": 1, "rope_theta": 10000.0, "max_position_embeddings": 16}' >"$I/llama/config.json"
st_write "$I/llama/model.safetensors" \
	'{"q_proj.weight":{"dtype":"F64","shape":[2,1],"data_offsets":[0,16]}}' \
	5a62d7d718e774695a62d7d718e774e9
# a gnuplot that writes a little and fails, as one meeting a bad script
printf '#!/bin/sh\ncat >/dev/null\necho partial\nexit 1\n' >"$T/bin/gnuplot"
chmod +x "$T/bin/gnuplot"

# Whether allocations can be made to fail here (tests/faults.sh's test)
no_shim=$(why_no_shim "$PECLI" "$SHIM")

cases() {
	cat <<EOF
0|Success|matrix --n 4 --d 4|pos,d0,d1,d2,d3
0|Success|check --scheme alibi --n 16|
1|check found a property violated (a row with status fail)|check --scheme nope --n 8|,fail
1|diff found the two encodings different|diff --preset llama3-8b --preset llama3.1-8b|# verdict: frequencies changed
2|a missing or unknown command||
2|a missing or unknown command|frob|
2|an unknown option|matrix --frob|
2|a missing or bad value|matrix --d|'--d' requires an argument
2|a missing or bad value|matrix --d 7|invalid value '7' for --d
2|an extra argument|matrix extra|
2|an option that does not apply to the scheme|decay --scheme sinusoidal --gamma 2|
2|an option that does not apply to the ... or scaling|freqs --scheme rope --factor 2|applies to --scaling
2|a combination that is not valid|decay --step 2 --log|
2|a limit exceeded (a --max-dist beyond a learned table's positions|decay --scheme learned --from $I/t3.csv --max-dist 100|
2|or an --n beyond its rows)|matrix --scheme learned --from $I/t3.csv --n 10|
2|an input file (--config ... has a bad field|freqs --config $I/bad.json|rope_theta
2|--config ... that cannot be read|freqs --config $I/missing.json|cannot read
2|--model ... that cannot be read|matrix --model $I/missing|
2|--from ... that cannot be read|matrix --scheme learned --from $I/missing.csv|cannot read
2|--from ... is malformed|matrix --scheme learned --from $I/typo.csv|is not a number
2|--bucket-weights ... is malformed|decay --scheme t5 --bucket-weights $I/typo.csv|is not a number
2|standard input) ... is malformed|matrix --scheme learned --from - <$I/typo.csv|is not a number
2|model settings that do not fit together|freqs --preset gpt-neox-20b --d 8|
3|a file that cannot be written|matrix --n 4 --d 4 -o $I/no/such/folder.csv|
3|a libpng failure|heatmap --raw --n 256 --d 256 -o - >/dev/full|libpng: Write Error
3|running out of memory (also while reading a --config file|freqs --config $CONFIGS/llama3.1-8b.json -o out.csv; FAILMALLOC_AT=find|llama3.1-8b.json: out of memory
3|running out of memory ... a model|matrix --model $I/gpt2 -o out.csv; FAILMALLOC_AT=find|config.json: out of memory
3|running out of memory ... or a table)|matrix --scheme learned --from $I/t3.csv -o out.csv; FAILMALLOC_AT=find|t3.csv: out of memory for
3|running out of memory ... or a table)|matrix --scheme learned --from $DATA/table_f8_v1.npy -o out.csv; FAILMALLOC_AT=find|table_f8_v1.npy: out of memory for
3|running out of memory ... or a table)|matrix --scheme learned --from $I/wpe.safetensors -o out.csv; FAILMALLOC_AT=find|wpe.safetensors: out of memory for a header
3|a write error such as a full disk|matrix --n 4 --d 4 -o /dev/full|No space left on device
3|cairo ending by a signal while it draws a framed figure: cairo 1.16 crashes when an allocation fails while it draws, so pecli has it draw in a process of its own and reports that end in one line (most likely memory ran out), writing no file|heatmap --n 6 --d 4 -o out.svg; FAILMALLOC_FORK=crash|cairo: drawing the figure ended with signal 11
3|a write error such as a full disk ... (also on standard output)|matrix --n 4 --d 4 >/dev/full|No space left on device
3|with --plot, gnuplot not found|decay --max-dist 4 --plot -o plot.png; PATH=/nonexistent|gnuplot not found
3|or failing (an exit status other than 0)|decay --max-dist 4 --plot -o plot.png; PATH=$T/bin:$PATH|gnuplot failed: exit status 1
3|layout --verify when a score of the --weight ... overflows a double|layout --verify --q-heads 1 --d 2 --weight $I/hugew.csv -o out.csv|hugew.csv overflows a double
3|or --tensor ... overflows a double|layout --verify --model $I/llama --tensor q_proj.weight -o out.csv|llama/model.safetensors overflows a double
3|a measurement that cannot be made, such as a score of check|check --scheme learned --from $I/huge.csv -o out.csv|out of range
3|or decay that overflows a double|decay --scheme learned --from $I/huge.csv --max-dist 2 -o out.csv|out of range
3>0|(in invariance ... the value is inf)|invariance --n 65530 --d 8|float16,inf,
3>0|and precision, a format that cannot hold the positions is not an error:|precision --scheme rope --n 65530 --d 8|float16,inf,inf,inf
EOF
}

# Clauses proven by the checks of every case of the row, or elsewhere.
claims() {
	cat <<'EOF'
1|The table was written in full|every status-1 case: its last line is a whole row
2|Usage error, found before any work and before any file is written:|every status-2 case: nothing on standard output, no file
3|Runtime error:|every status-3 case: one 'pecli:' line, no file left
3|or when a direction fails (status fail, the table written in full), which only a fault in pecli can cause: both pairings add the same products in the same order, and the Check suite layout tests that their scores are equal|tests/check_layout.c, test_verify_heads_zero: max_abs is exactly 0
EOF
}

# run_case: pecli $args in a fresh folder $T/w with $env_set; sets rc
run_case() {
	rm -rf "$T/w" && mkdir "$T/w"
	(cd "$T/w" && eval "${env_set:+env $env_set} \"\$PECLI\" $args" \
		>"$T/out" 2>"$T/err" </dev/null)
	rc=$?
}

# run_oom: run_case at the first failing allocation whose message says
# $msg; 1 (after a fail) when none does
run_oom() {
	base_env="${env_set%FAILMALLOC_AT=find*}LD_PRELOAD=$SHIM FAILMALLOC_LOG=$T/log"
	env_set="$base_env FAILMALLOC_AT=0"
	run_case
	read -r total _ <"$T/log" || total=0
	k=1
	while [ "$k" -le "$total" ]; do
		env_set="$base_env FAILMALLOC_AT=$k"
		run_case
		grep -qF -- "$msg" "$T/err" && return 0
		k=$((k + 1))
	done
	fail "pecli $args: none of its $total allocations failing says '$msg'"
	return 1
}

cases >"$T/cases"
claims >"$T/claims"
while IFS='|' read -r status phrase args msg; do
	row=${status%>*} want=${status#*>}
	text=$(awk -F '\t' -v c="$row" '$1 == c { print $2 }' "$T/rows")
	if [ -z "$text" ]; then
		fail "exit $row ($args): no such row in the manual's EXIT STATUS"
		continue
	fi
	rest=$phrase
	while [ -n "$rest" ]; do
		part=${rest%% ... *}
		case $rest in *" ... "*) rest=${rest#* ... } ;; *) rest= ;; esac
		case $text in
		*"$part"*) pass ;;
		*) fail "exit $row: the manual's row does not say '$part'" ;;
		esac
	done
	# "ARGS; VAR=VALUE ...": run with that environment
	env_set=
	case $args in
	*"; "*) env_set=${args##*; }; args=${args%; *} ;;
	esac
	case $env_set in
	*FAILMALLOC_AT=find*)
		if [ -n "$no_shim" ]; then
			skip "pecli $args, out of memory: $no_shim"
			continue
		fi
		run_oom || continue
		args="$args (allocation $k failing)" ;;
	*FAILMALLOC_FORK=*)
		if [ -n "$no_shim" ]; then
			skip "pecli $args, $env_set: $no_shim"
			continue
		fi
		env_set="LD_PRELOAD=$SHIM $env_set"
		run_case ;;
	*) run_case ;;
	esac
	if [ "$rc" -ne "$want" ]; then
		fail "pecli $args: exit $rc, expected $want ($phrase)"
		sed 's/^/  /' "$T/err"
		continue
	fi
	pass
	if [ "$want" -ge 2 ]; then said=$T/err; else said=$T/out; fi
	if [ -n "$msg" ]; then
		if grep -qF -- "$msg" "$said"; then pass; else
			fail "pecli $args: its output does not say '$msg'"
			sed 's/^/  /' "$said" | head -5
		fi
	fi
	if [ "$want" -le 1 ]; then
		# the table in full: a last line of as many fields as the header
		if [ "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" = '\n' ] \
			&& awk -F ',' '!/^#/ { if (!h) h = NF; last = NF }
				END { exit !(h > 1 && last == h) }' "$T/out"; then pass; else
			fail "pecli $args: exit $rc without a whole table"
		fi
		continue
	fi
	n_err=$(grep -c '' "$T/err")
	n_msg=$(grep -c '^pecli: ' "$T/err")
	n_try=$(grep -c "^Try 'pecli" "$T/err")
	if [ "$n_msg" -eq 1 ] && [ "$n_err" -eq $((1 + n_try)) ]; then pass; else
		fail "pecli $args: stderr is not one 'pecli: ' line"
		sed 's/^/  /' "$T/err"
	fi
	if [ -z "$(ls -A "$T/w")" ]; then pass; else
		fail "pecli $args: exit $rc left files: $(ls -A "$T/w" | tr '\n' ' ')"
	fi
	if [ "$want" -eq 2 ]; then
		if [ ! -s "$T/out" ]; then pass; else
			fail "pecli $args: a usage error wrote on standard output"
		fi
	fi
done <"$T/cases"

# every row has a case
cut -f1 "$T/rows" | while read -r code; do
	grep -q "^${code}[|>]" "$T/cases" || echo "$code"
done >"$T/uncovered"
while read -r code; do
	fail "the manual's exit status $code has no case in tests/exit.sh"
done <"$T/uncovered"
[ -s "$T/uncovered" ] || pass

# every clause of every row has a case or a claim: the row's text without
# their phrases is filler
while IFS='|' read -r row phrase how; do
	if awk -F '\t' -v c="$row" '$1 == c { print $2 }' "$T/rows" | grep -qF -- "$phrase"; then
		pass
	else
		fail "exit $row: the manual's row does not say '$phrase' ($how)"
	fi
done <"$T/claims"
awk -F '|' '
	FNR == NR { sub(/>.*/, "", $1); ph[++n] = $1 "|" $2; next }
	FILENAME ~ /claims$/ { ph[++n] = $1 "|" $2; next }
	{
		split($0, f, "\t"); row = f[1]; text = f[2]
		# the parts of this row, each taken out where it first occurs,
		# longest first, so that a short part ("overflows a double") does
		# not take the words of a longer clause
		np = 0
		for (k = 1; k <= n; k++) {
			if (substr(ph[k], 1, length(row) + 1) != row "|") continue
			rest = substr(ph[k], length(row) + 2)
			while (rest != "") {
				at = index(rest, " ... ")
				part[++np] = at ? substr(rest, 1, at - 1) : rest
				rest = at ? substr(rest, at + 5) : ""
			}
		}
		for (; np > 0; np--) {
			for (j = b = 1; j <= np; j++)
				if (length(part[j]) > length(part[b])) b = j
			if ((i = index(text, part[b])) > 0)
				text = substr(text, 1, i - 1) " | " substr(text, i + length(part[b]))
			part[b] = part[np]
		}
		left = ""
		m = split(text, w, /[^A-Za-z0-9-]+/)
		for (i = 1; i <= m; i++)
			if (w[i] != "" && tolower(w[i]) !~ /^(a|an|and|also|or|such|as|the|with)$/)
				left = left " " w[i]
		if (left != "")
			printf "exit %s: no case proves%s (the row less its cases: %s)\n", row, left, text
	}
' "$T/cases" "$T/claims" "$T/rows" >"$T/unproven"
while read -r line; do
	fail "$line"
done <"$T/unproven"
[ -s "$T/unproven" ] || pass

finish
