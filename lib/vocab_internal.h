/* SPDX-License-Identifier: MIT */
/* The vocabulary's default text, compiled into the library from
 * data/vocabulary.txt at build time (tools/embed.sh writes
 * lib/vocab_default.c in the build tree). Never installed. */
#ifndef CAS_VOCAB_INTERNAL_H
#define CAS_VOCAB_INTERNAL_H

#include <stddef.h>

/* The bytes of data/vocabulary.txt and a NUL after them. */
extern const unsigned char cas__vocab_default_text[];
/* Their number, the NUL not counted. */
extern const size_t cas__vocab_default_len;

#endif
