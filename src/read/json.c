/*
 * json.c - strict JSON parsing with json-c, shared by the readers of
 * config.json (hfconfig.c) and of safetensors headers and index files
 * (safetensors.c); see json.h.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "read/json.h"
#include "util/allocguard.h"

/* json-c 0.17 and later report a failed allocation as an error of their
 * own */
static int json_is_memory_error(enum json_tokener_error jerr)
{
#ifdef HAVE_DECL_JSON_TOKENER_ERROR_MEMORY
#if HAVE_DECL_JSON_TOKENER_ERROR_MEMORY
	return jerr == json_tokener_error_memory;
#endif
#endif
	(void)jerr;
	return 0;
}

static size_t line_of(const char *text, size_t len, size_t at)
{
	size_t line = 1;

	for (size_t i = 0; i < at && i < len; i++)
		line += text[i] == '\n';
	return line;
}

/*
 * json_tokener_parse_ex under an allocation guard (util/allocguard.h):
 * 0 with the result in *value, or -1 when an allocation failed inside
 * json-c, which json-c 0.16 would not have reported.  The tokener is then
 * left as it was (its objects are not freed: the run ends in exit 3).
 */
static int parse_guarded(struct json_tokener *tok, const char *text, int len,
                         json_object **value)
{
	struct alloc_guard g;

	alloc_guard_push(&g);
	if (setjmp(g.env))
		return -1;
	*value = json_tokener_parse_ex(tok, text, len);
	alloc_guard_pop(&g);
	return 0;
}

int json_parse_text(json_object **root, const char *text, size_t len,
                    int utf8, const char *name, const char *what,
                    struct out_err *err)
{
	struct json_tokener *tok;
	json_object *value;
	enum json_tokener_error jerr;
	size_t end;

	*root = NULL;
	/* json-c takes an int length */
	if (len > (size_t)INT32_MAX - 1)
		return out_fail(err, "%s: %s: too large (%zu bytes)", name, what, len);
	tok = json_tokener_new();
	if (!tok)
		return out_fault(err, "%s: out of memory", name);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT
	                       | (utf8 ? JSON_TOKENER_VALIDATE_UTF8 : 0));
	/* json-c 0.16 has no json_tokener_error_memory: an allocation that
	 * fails is caught by the guard (parse_guarded) where pecli links
	 * json-c with it, else only malloc's errno may tell */
	errno = 0;
	if (parse_guarded(tok, text, (int)len, &value) != 0)
		return out_fault(err, "%s: out of memory", name);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		/* A value that ends with the input (a bare number) needs an end
		 * marker; anything else is cut short. */
		if (parse_guarded(tok, "", 1, &value) != 0)
			return out_fault(err, "%s: out of memory", name);
		jerr = json_tokener_get_error(tok);
		if (jerr == json_tokener_continue)
			jerr = json_tokener_error_parse_eof;
		end = len;
	}
	if (errno == ENOMEM || json_is_memory_error(jerr)) {
		json_tokener_free(tok);
		json_object_put(value);
		return out_fault(err, "%s: out of memory", name);
	}
	if (jerr != json_tokener_success) {
		json_tokener_free(tok);
		return out_fail(err, "%s: %s: %s at line %zu", name, what,
		                json_tokener_error_desc(jerr), line_of(text, len, end));
	}
	json_tokener_free(tok);
	/* json-c >= 0.14 in strict mode already refuses a second value; older
	 * ones stop after the first and leave the rest to us */
	for (size_t i = end; i < len; i++)
		if (!strchr(" \t\r\n", text[i])) {
			json_object_put(value);
			return out_fail(err, "%s: %s: unexpected data after the "
			                "top-level value at line %zu", name, what,
			                line_of(text, len, i));
		}
	*root = value;
	return 0;
}

/* json_object_to_json_string_ext under a guard: NULL when memory ran out. */
static const char *text_guarded(json_object *v, int flags)
{
	struct alloc_guard g;
	const char *text;

	alloc_guard_push(&g);
	if (setjmp(g.env))
		return NULL;
	text = json_object_to_json_string_ext(v, flags);
	alloc_guard_pop(&g);
	return text;
}

const char *json_text(json_object *v, int flags)
{
	const char *text = text_guarded(v, flags);

	return text ? text : "(out of memory for its text)";
}

const char *json_kind(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:    return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double:
	case json_type_int:     return "a number";
	case json_type_object:  return "an object";
	case json_type_array:   return "an array";
	case json_type_string:  return "a string";
	}
	return "an unknown value";
}
