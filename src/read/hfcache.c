/*
 * hfcache.c - find a model id such as meta-llama/Llama-3.1-8B in the local
 * Hugging Face cache, without any network access.
 *
 * The cache is laid out by huggingface_hub (file_download.py,
 * constants.py; https://huggingface.co/docs/huggingface_hub/guides/manage-cache):
 *
 *   HUB/models--ORG--NAME/refs/main          the commit of the branch main
 *   HUB/models--ORG--NAME/snapshots/COMMIT/  config.json, *.safetensors, ...
 *
 * where HUB is HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE (its older name),
 * else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else
 * ~/.cache/huggingface/hub (constants.py: HF_HOME defaults to
 * $XDG_CACHE_HOME/huggingface, XDG_CACHE_HOME to ~/.cache).  A revision is
 * a name under refs/ (a branch or tag) or a commit with a snapshot folder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "read/model.h"

/* A repository id: NAME or ORG/NAME, of [A-Za-z0-9._-], no "--" or ".."
 * (huggingface_hub validate_repo_id), at most 96 characters per part. */
int hf_is_model_id(const char *id)
{
	size_t part = 0, slashes = 0;

	if (!id[0] || strstr(id, "--") || strstr(id, ".."))
		return 0;
	for (const char *c = id; *c; c++) {
		if (*c == '/') {
			if (part == 0 || ++slashes > 1)
				return 0;
			part = 0;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
		      || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
			return 0;
		if (++part > 96)
			return 0;
	}
	return part > 0 && id[0] != '-' && id[0] != '.';
}

/* The hub cache folder, from the environment, into buf. */
static void hub_dir(char *buf, size_t size)
{
	const char *v;

	if ((v = getenv("HF_HUB_CACHE")) && *v)
		snprintf(buf, size, "%s", v);
	else if ((v = getenv("HUGGINGFACE_HUB_CACHE")) && *v)
		snprintf(buf, size, "%s", v);
	else if ((v = getenv("HF_HOME")) && *v)
		snprintf(buf, size, "%s/hub", v);
	else if ((v = getenv("XDG_CACHE_HOME")) && *v)
		snprintf(buf, size, "%s/huggingface/hub", v);
	else
		snprintf(buf, size, "%s/.cache/huggingface/hub",
		         (v = getenv("HOME")) && *v ? v : "");
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first line of the file path (a commit id in refs/), trimmed; 0, or
 * -1 when it cannot be read. */
static int read_ref(const char *path, char *out, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return -1;
	n = fread(out, 1, size - 1, fp);
	fclose(fp);
	out[n] = '\0';
	out[strcspn(out, "\r\n \t")] = '\0';
	return out[0] && !strchr(out, '/') && strcmp(out, "..") ? 0 : -1;
}

int hf_cache_resolve(const char *id, const char *revision, char *dir,
                     size_t size, struct out_err *err)
{
	char hub[2048], repo[2560], ref[3072], commit[128];
	const char *rev = revision ? revision : "main";
	int n;

	hub_dir(hub, sizeof hub);
	n = snprintf(repo, sizeof repo, "%s/models--", hub);
	for (const char *c = id; *c && (size_t)n + 2 < sizeof repo; c++) {
		if (*c == '/') {
			repo[n++] = '-';
			repo[n++] = '-';
		} else {
			repo[n++] = *c;
		}
	}
	repo[n] = '\0';
	if (!is_dir(repo))
		return out_fail(err, "model '%s' is not in the local Hugging Face cache: "
		                "no folder %s (pecli does not download; set HF_HUB_CACHE "
		                "or HF_HOME, or give the model's folder)", id, repo);
	if (strchr(rev, '/') || !strcmp(rev, "..") || !strcmp(rev, "."))
		return out_fail(err, "invalid value '%s' for --revision: expected a "
		                "branch, tag or commit name without '/'", rev);
	snprintf(ref, sizeof ref, "%s/refs/%s", repo, rev);
	if (read_ref(ref, commit, sizeof commit) != 0)
		snprintf(commit, sizeof commit, "%s", rev);   /* a commit itself */
	n = snprintf(dir, size, "%s/snapshots/%s", repo, commit);
	if (n < 0 || (size_t)n >= size)
		return out_fail(err, "model '%s': cache path too long", id);
	if (!is_dir(dir))
		return out_fail(err, "model '%s' has no revision '%s' in the local "
		                "Hugging Face cache: no %s and no %s", id, rev, ref, dir);
	return 0;
}
