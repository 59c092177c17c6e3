/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/vocab.h
 * @brief The vocabulary (docs/model.md section 10, docs/vocabulary.md):
 *        what the paths of a scope mean, which spellings are one path,
 *        and which paths may be added.
 *
 * A scope's outcome, group, perpetrator and place are `/`-separated paths.
 * A path contains the paths below it, but siblings are not always
 * disjoint: `civilians/children` and `civilians/women` overlap (a girl is
 * both), `combatants/government` and `combatants/insurgents` do not. A
 * vocabulary says, per dimension:
 * - the canonical paths and their **aliases**: an alias rewrites a path
 *   prefix (`insurgents` -> `combatants/insurgents` also rewrites
 *   `insurgents/hts`); the longest matching alias wins;
 * - for a path, whether its children are **exclusive** (disjoint, so they
 *   may be added) and whether they are **exhaustive** (they cover the
 *   path, so it is at most their sum); children not exclusive are never
 *   added: each is only a floor for the path;
 * - **parts**: which paths make up another (`casualties` = `killed`,
 *   `wounded`, `missing`, `captured`), and whether those parts are
 *   exclusive and exhaustive.
 *
 * The library carries a default vocabulary (the file `vocabulary.txt`,
 * compiled in and also installed in the package's data directory):
 * cas_vocab_new_default(). A user's file extends or overrides it
 * (cas_vocab_extend()): a declaration of the same dimension and path
 * replaces the earlier one, anything else is added.
 *
 * Every query takes paths as written and canonicalises them first, so an
 * alias gives the answer of its canonical path. A ::cas_vocab is read-only
 * once made, except by cas_vocab_extend(): any number of threads may query
 * one vocabulary at once.
 */
#ifndef CASUALTY_VOCAB_H
#define CASUALTY_VOCAB_H

#include "casualty/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A scope's path dimensions. Stable numbers. */
typedef enum cas_dimension {
    CAS_DIM_OUTCOME = 0,     /**< what happened: "killed", "casualties" */
    CAS_DIM_GROUP = 1,       /**< to whom: "civilians/children" */
    CAS_DIM_PERPETRATOR = 2, /**< by whom: "government" */
    CAS_DIM_PLACE = 3        /**< where: "syria/coast/latakia" */
} cas_dimension;

/** How two paths of one dimension relate. Stable numbers. */
typedef enum cas_vocab_rel {
    CAS_VOCAB_SAME = 0,       /**< the same canonical path */
    CAS_VOCAB_WITHIN = 1,     /**< the first lies inside the second (below
                                   it, or a part of it): never added */
    CAS_VOCAB_CONTAINS = 2,   /**< the converse of CAS_VOCAB_WITHIN */
    CAS_VOCAB_DISJOINT = 3,   /**< no one is in both: they may be added */
    CAS_VOCAB_OVERLAPPING = 4 /**< they may share people (overlapping
                                   siblings, or nothing declares them
                                   disjoint): never added, each is only a
                                   floor for what contains both */
} cas_vocab_rel;

/** What a vocabulary says of one path: bits of cas_vocab_flags(). */
typedef enum cas_vocab_flag {
    CAS_VOCAB_KNOWN = 1,      /**< declared (or named as a part); the top
                                   level "" is always known */
    CAS_VOCAB_EXCLUSIVE = 2,  /**< its children (its parts, when it has
                                   parts) are pairwise disjoint */
    CAS_VOCAB_EXHAUSTIVE = 4, /**< its declared children (or its parts)
                                   cover it: it is at most their sum */
    CAS_VOCAB_COMPOSED = 8    /**< it has declared parts */
} cas_vocab_flag;

/** An opaque vocabulary. */
typedef struct cas_vocab cas_vocab;

/**
 * The name of a dimension ("outcome", "group", "perpetrator", "place"), as
 * the vocabulary file and the claims CSV spell it.
 * @param dimension  a ::cas_dimension.
 * @return a static string, or NULL for an unknown number.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT const char *cas_dimension_name(int32_t dimension);

/**
 * The dimension named @p name.
 * @param out   receives the ::cas_dimension.
 * @param name  the name.
 * @return CAS_OK, CAS_ERR_ARG (NULL pointer) or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT cas_status cas_dimension_from_name(int32_t *out, const char *name);

/** The name of a ::cas_vocab_rel ("same", "within", "contains",
 * "disjoint", "overlapping"), or NULL.
 * Complexity: O(1) time, no memory.
 * @param rel  a ::cas_vocab_rel.
 * @return a static string, or NULL.
 */
CAS_EXPORT const char *cas_vocab_rel_name(int32_t rel);

/**
 * Make the default vocabulary (docs/vocabulary.md lists what it says). It
 * is compiled into the library: no file is read.
 * @param out  receives a new vocabulary; free it with cas_vocab_free().
 * @param err  receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(b) expected time for the b bytes of the built-in vocabulary; O(b) memory.
 */
CAS_EXPORT cas_status cas_vocab_new_default(cas_vocab **out, cas_error *err);

/**
 * Load a vocabulary file (docs/vocabulary.md), on its own: nothing of the
 * default is in it (cas_vocab_extend() adds a file to the default).
 * Loading is all or nothing.
 * @param out   receives a new vocabulary, only on success.
 * @param path  the file.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG; CAS_ERR_IO; CAS_ERR_NOMEM; or, for a bad
 *         file, with file, line, column and what was expected in @p err:
 *         CAS_ERR_VALUE (an unknown dimension or word), CAS_ERR_PATH (a
 *         malformed path), CAS_ERR_DUPLICATE (a path declared twice),
 *         CAS_ERR_PARSE (an alias cycle, an alias to itself, an alias also
 *         declared canonical, parts that nest or form a cycle, exhaustive
 *         without children, a line cut short), CAS_ERR_ENCODING (not
 *         UTF-8), CAS_ERR_TOO_LONG (a path longer than ::CAS_FIELD_MAX).
 * Complexity: O(b) expected time for b bytes (keyed hashes); O(b) memory.
 */
CAS_EXPORT cas_status cas_vocab_load(cas_vocab **out, const char *path, cas_error *err);

/**
 * cas_vocab_load() from memory.
 * @param data  @p len bytes (need not be NUL-terminated).
 * @param name  the name errors give for the text (e.g. a file name), or NULL.
 * Complexity: O(b) expected time for b bytes; O(b) memory.
 * @param out   receives a new vocabulary, only on success.
 * @param len   the length of @p data in bytes.
 * @param err   receives the details of a failure, or NULL.
 * @return as cas_vocab_load().
 */
CAS_EXPORT cas_status cas_vocab_load_buffer(cas_vocab **out, const char *data, size_t len,
                                            const char *name, cas_error *err);

/**
 * Add a vocabulary file to @p vocab: each of its declarations replaces a
 * declaration of @p vocab with the same dimension and path (an alias may
 * become canonical and the other way round), and the others are added.
 * Within the file itself a path may be declared once. The result is
 * checked as a whole; on any failure @p vocab is left as it was. Paths
 * and parts returned earlier by @p vocab are invalidated on success.
 * @param vocab  the vocabulary to change.
 * @param path   the file.
 * @param err    receives the details of a failure, or NULL.
 * @return as cas_vocab_load().
 * Complexity: O(b) expected time for b bytes added; O(b) memory.
 */
CAS_EXPORT cas_status cas_vocab_extend(cas_vocab *vocab, const char *path, cas_error *err);

/**
 * cas_vocab_extend() from memory; @p name as in cas_vocab_load_buffer().
 * Complexity: O(b) expected time for b bytes added; O(b) memory.
 * @param vocab  the vocabulary to change.
 * @param data   @p len bytes (need not be NUL-terminated).
 * @param len    their length.
 * @param name   the name errors give for the text, or NULL.
 * @param err    receives the details of a failure, or NULL.
 * @return as cas_vocab_extend().
 */
CAS_EXPORT cas_status cas_vocab_extend_buffer(cas_vocab *vocab, const char *data, size_t len,
                                              const char *name, cas_error *err);

/**
 * Free a vocabulary. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param vocab  the vocabulary, or NULL.
 */
CAS_EXPORT void cas_vocab_free(cas_vocab *vocab);

/**
 * The text of the default vocabulary, as compiled into the library (the
 * same bytes as the installed `vocabulary.txt`).
 * @param len  receives its length in bytes, or NULL.
 * @return a static NUL-terminated string.
 * Complexity: O(1) time and memory.
 */
CAS_EXPORT const char *cas_vocab_default_text(size_t *len);

/**
 * The canonical spelling of @p path: the longest alias that is a prefix of
 * it (at a `/`) is replaced by its canonical path, until none applies.
 *
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param path       a well-formed path (as cas_claim_validate() wants
 *                   them); "" or NULL is the top level, returned as "".
 * @param buf        receives the canonical path and a NUL. A buffer of
 *                   ::CAS_FIELD_MAX + 1 bytes is always enough.
 * @param size       the size of @p buf.
 * @param changed    receives 1 when an alias applied, else 0; or NULL.
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL vocab or buffer, an unknown
 *         dimension, or @p buf too small: the message says how big it must
 *         be); CAS_ERR_PATH, CAS_ERR_ENCODING or CAS_ERR_TOO_LONG (a bad
 *         path, or a canonical path over ::CAS_FIELD_MAX bytes). Nothing
 *         is written on failure.
 * Complexity: O(length of the path) expected time (the prefixes an alias could be looked up
 *   from one running hash, not each hashed anew), no memory beyond the path it hands out.
 */
CAS_EXPORT cas_status cas_vocab_canonical(const cas_vocab *vocab, int32_t dimension,
                                          const char *path, char *buf, size_t size,
                                          int32_t *changed, cas_error *err);

/**
 * How path @p a relates to path @p b of one dimension (both canonicalised
 * first). SAME, WITHIN or CONTAINS when one lies inside the other (below
 * it, or a part of it, at any depth); DISJOINT when they lie under two
 * different children of a path whose children are exclusive, or under two
 * different parts of exclusive parts; OVERLAPPING otherwise.
 * @param rel  receives a ::cas_vocab_rel.
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param a          a path.
 * @param b          a path.
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM, or a bad path's status.
 * Complexity: O(b + s log s) expected time for paths of b bytes and s segments in all (each
 *   ancestor's hash follows from its child's; one path's edges up are sorted to meet the
 *   other's); O(s) memory.
 */
CAS_EXPORT cas_status cas_vocab_relation(const cas_vocab *vocab, int32_t dimension,
                                         const char *a, const char *b, int32_t *rel,
                                         cas_error *err);

/**
 * Check that the @p n paths of one dimension may be added: pairwise
 * DISJOINT. Pairs are tried in order (0-1, 0-2, ..., 1-2, ...).
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param paths      @p n paths.
 * @param n          the number of paths.
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_OVERLAP naming the first pair that may not be
 *         added and why, e.g. "group paths 1 and 2: 'civilians/children'
 *         and 'civilians/women' overlap: each is only a floor for
 *         'civilians'"; CAS_ERR_ARG; CAS_ERR_NOMEM; or a bad path's
 *         status. Quadratic in @p n.
 * Complexity: O(n^2 (b + s log s)) expected time for @p n paths of at most b bytes and s
 *   segments each (cas_vocab_relation() for each pair); O(n b) memory (the canonical paths).
 */
CAS_EXPORT cas_status cas_vocab_check_addable(const cas_vocab *vocab, int32_t dimension,
                                              const char *const *paths, size_t n,
                                              cas_error *err);

/**
 * What the vocabulary says of @p path (canonicalised first).
 * @param flags  receives ::cas_vocab_flag bits. CAS_VOCAB_EXCLUSIVE is
 *               the rule in force: declared on the path, or else the
 *               dimension's default (a `*` line).
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param path       the path (canonicalised first).
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM, or a bad path's status.
 * Complexity: O(length of the path) expected time, no memory.
 */
CAS_EXPORT cas_status cas_vocab_flags(const cas_vocab *vocab, int32_t dimension,
                                      const char *path, uint32_t *flags, cas_error *err);

/**
 * How many parts @p path has: its declared parts when it has any (the
 * parts of `casualties`), else its declared children (the known paths one
 * segment below it). With CAS_VOCAB_EXHAUSTIVE these cover the path: the
 * sum of their floors is a floor for it, and the sum of their ceilings a
 * ceiling.
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param path       the path (canonicalised first).
 * @param count      receives the number of parts.
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_NOMEM, or a bad path's status.
 * Complexity: O(length of the path) expected time, no memory.
 */
CAS_EXPORT cas_status cas_vocab_parts(const cas_vocab *vocab, int32_t dimension,
                                      const char *path, size_t *count, cas_error *err);

/**
 * The part at position @p index (0-based, in the order of the file) of
 * @p path, as counted by cas_vocab_parts().
 * @param part  receives a canonical path borrowed from @p vocab: it lives
 *              until the vocabulary is freed or extended.
 * @param vocab      the vocabulary.
 * @param dimension  a ::cas_dimension.
 * @param path       the path (canonicalised first).
 * @param index      the part's position, below the count of cas_vocab_parts().
 * @param err        receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_NOT_FOUND (@p index too large), CAS_ERR_ARG,
 *         CAS_ERR_NOMEM, or a bad path's status.
 * Complexity: O(length of the path) expected time, no memory.
 */
CAS_EXPORT cas_status cas_vocab_part(const cas_vocab *vocab, int32_t dimension, const char *path,
                                     size_t index, const char **part, cas_error *err);

/**
 * Write the vocabulary in force as a vocabulary file: one line per
 * declaration, the overridden ones left out, in the order they were made.
 * Loading the text gives the same vocabulary.
 * @param text  receives the text, NUL-terminated; free it with cas_free().
 * @param len   receives its length, or NULL.
 * @param vocab  the vocabulary.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOMEM.
 * Complexity: O(b) time for b bytes written; O(b) memory (the string).
 */
CAS_EXPORT cas_status cas_vocab_save_string(char **text, size_t *len, const cas_vocab *vocab,
                                            cas_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_VOCAB_H */
