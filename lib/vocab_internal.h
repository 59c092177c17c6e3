/* SPDX-License-Identifier: MIT */
/* The vocabulary's default text, compiled into the library from
 * data/vocabulary.txt at build time (tools/embed.sh writes
 * lib/vocab_default.c in the build tree). Never installed. */
#ifndef CAS_VOCAB_INTERNAL_H
#define CAS_VOCAB_INTERNAL_H

#include <stddef.h>

#include "casualty/vocab.h"

/* The bytes of data/vocabulary.txt and a NUL after them. */
extern const unsigned char cas__vocab_default_text[];
/* Their number, the NUL not counted. */
extern const size_t cas__vocab_default_len;

/* ---- queries on canonical paths, for the sums and the propagation
 * (disjoint.c, propagation_rules.c); at the end of vocab.c ---- */

/* The canonical spelling of @path ("" for NULL): @path itself (*@owned 0)
 * or a new string (*@owned 1, free with cas__free). */
cas_status cas__vocab_canon(const cas_vocab *v, int dim, const char *path, const char **out,
                            size_t *len, int *owned, cas_error *err);

/* cas_vocab_relation() of two canonical paths. */
cas_status cas__vocab_relation_canon(const cas_vocab *v, int dim, const char *a, size_t al,
                                     const char *b, size_t bl, int32_t *rel, cas_error *err);

/* The length of the group key of canonical path @s: a prefix of @s such
 * that two paths whose keys do not lie one within the other are DISJOINT.
 * It is the first prefix (from the top) whose children are not exclusive,
 * cut further to what it shares with the key of every composed path @s
 * is a part of (so `killed` goes with `casualties`). */
cas_status cas__vocab_group_key(const cas_vocab *v, int dim, const char *s, size_t len,
                                size_t *keylen, cas_error *err);

/* Call @fn with @s and with every path @s lies within: its prefixes, the
 * composed paths it (or a prefix) is a part of, and theirs ("" included),
 * some more than once. The strings are not NUL-terminated. Stops at the first
 * status @fn returns other than CAS_OK and returns it. */
cas_status cas__vocab_within(const cas_vocab *v, int dim, const char *s, size_t len,
                             cas_status (*fn)(void *ctx, const char *s, size_t len), void *ctx,
                             cas_error *err);

#endif
