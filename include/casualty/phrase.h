/* SPDX-License-Identifier: MIT */
/**
 * @file casualty/phrase.h
 * @brief From the words sources use to claims: "+ 315 killed (per SOHR)",
 *        "nearly 400 Syrian security personnel and dozens of civilians were
 *        killed", "between 5,000 and 7,000" (docs/model.md section 3).
 *
 * cas_phrase_parse() reads a phrase, an infobox field or a paragraph and
 * returns every figure it finds as a ::cas_phrase_claim: a range under a
 * hedge table (a *preset*), the outcome and group it counts, the
 * perpetrator and the source when the text names them, the period when
 * the sentence names dates, and the byte span of the words it came from.
 *
 * The hedge table and the outcome/group lexicon are data held by a
 * ::cas_phrase_options handle, which a caller can extend or replace; NULL
 * options mean the built-in "default" preset. docs/phrases.md describes
 * every rule, with examples.
 *
 * Ownership: a ::cas_phrase_result owns every string it hands out; they
 * live until cas_phrase_result_free(). Options and results are not shared
 * between threads without the caller's locking; one options handle may be
 * read by several parses at once as long as nobody changes it meanwhile.
 */
#ifndef CASUALTY_PHRASE_H
#define CASUALTY_PHRASE_H

#include "casualty/claim.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The longest text cas_phrase_parse() accepts, in bytes (4 MiB). */
#define CAS_PHRASE_MAX_BYTES ((size_t)4 << 20)

/** What kind of text is given to cas_phrase_parse(). Stable numbers. */
typedef enum cas_phrase_field {
    /** Running text: a figure is a claim only when an outcome word
     *  ("killed", "wounded", ...) goes with it. */
    CAS_PHRASE_PROSE = 0,
    /** A casualty field (an infobox "Casualties" line, a CSV `claim`
     *  column): every count is a claim; one without an outcome word gets
     *  the options' default outcome ("casualties" unless changed). */
    CAS_PHRASE_CASUALTY = 1,
    /** A strength field: figures are strengths (kind
     *  ::CAS_PHRASE_KIND_STRENGTH), never casualty claims. */
    CAS_PHRASE_STRENGTH = 2
} cas_phrase_field;

/** What a parsed figure counts. Stable numbers. */
typedef enum cas_phrase_kind {
    CAS_PHRASE_KIND_CASUALTY = 0, /**< a casualty count */
    CAS_PHRASE_KIND_STRENGTH = 1  /**< a force's strength */
} cas_phrase_kind;

/** Where a hedge stands relative to its number. Stable numbers. */
typedef enum cas_hedge_position {
    CAS_HEDGE_BEFORE = 0, /**< "at least N", "+ N", "~N" */
    CAS_HEDGE_AFTER = 1,  /**< "N or more", "N+", "N or so" */
    CAS_HEDGE_WORD = 2    /**< a word that is the figure: "dozens", "a few" */
} cas_hedge_position;

/**
 * How a hedge turns the stated number N into a range. Stable numbers;
 * the first six equal the ::cas_qualifier of the same name.
 */
typedef enum cas_hedge_rule {
    CAS_HEDGE_EXACT = 0,     /**< [N, N], best N */
    CAS_HEDGE_AT_LEAST = 1,  /**< [N, open) */
    CAS_HEDGE_MORE_THAN = 2, /**< [N+1, open) */
    CAS_HEDGE_APPROX = 3,    /**< [floor(N(1-s)), ceil(N(1+s))], best N; s = spread */
    CAS_HEDGE_NEARLY = 4,    /**< [ceil(N(1-s)), N-1] */
    CAS_HEDGE_UP_TO = 5,     /**< [0, N] */
    CAS_HEDGE_LESS_THAN = 6, /**< [0, N-1] ("fewer than N") */
    CAS_HEDGE_FIXED = 7      /**< the entry's own [low, high] and best (vague words) */
} cas_hedge_rule;

/**
 * One entry of a hedge table. Caller-owned; set @ref size with
 * cas_hedge_init(). The phrase is borrowed during the call that takes it
 * (the options copy it).
 */
typedef struct cas_hedge {
    uint32_t size;      /**< sizeof(cas_hedge) */
    int32_t position;   /**< a ::cas_hedge_position */
    int32_t rule;       /**< a ::cas_hedge_rule */
    int32_t qualifier;  /**< the ::cas_qualifier recorded on the claim */
    int32_t spread;     /**< percent for APPROX and NEARLY, 1 to 99 (0 means 10) */
    int64_t low;        /**< FIXED: lower bound, >= 0 */
    int64_t high;       /**< FIXED: upper bound >= low, or ::CAS_OPEN */
    int64_t best;       /**< FIXED: point estimate in [low, high], or ::CAS_NONE */
    const char *phrase; /**< the words, e.g. "at least", "+", "dozens";
                             matched case-insensitively, a space matching
                             any run of white space; at most 64 bytes */
} cas_hedge;

/** Which lexicon an entry belongs to. Stable numbers. */
typedef enum cas_term_kind {
    CAS_TERM_OUTCOME = 0, /**< "killed" -> "killed", "injured" -> "wounded" */
    CAS_TERM_GROUP = 1    /**< "security personnel" -> "combatants/government/security" */
} cas_term_kind;

/**
 * One parsed figure. Set @ref size (cas_phrase_claim_init() does) before
 * cas_phrase_result_get(). Every string is owned by the result and lives
 * until cas_phrase_result_free(); none is NULL ("" when unknown).
 */
typedef struct cas_phrase_claim {
    uint32_t size;         /**< sizeof(cas_phrase_claim) */
    int32_t kind;          /**< a ::cas_phrase_kind */
    int32_t qualifier;     /**< a ::cas_qualifier */
    int32_t basis;         /**< a ::cas_basis: DOCUMENTED for "X documented",
                                PARTY for "X's claim" / "X claimed", else REPORTED */
    int64_t low;           /**< lower bound, >= 0 */
    int64_t high;          /**< upper bound >= low, or ::CAS_OPEN */
    int64_t best;          /**< point estimate, or ::CAS_NONE */
    int64_t number;        /**< the number as stated (the first of a range),
                                or ::CAS_NONE for a vague word */
    int64_t start;         /**< byte offset of the first byte of the words */
    int64_t end;           /**< byte offset just past the last byte */
    int32_t period_start;  /**< first day named by the sentence, or ::CAS_DATE_UNKNOWN */
    int32_t period_end;    /**< last day (inclusive), or ::CAS_DATE_UNKNOWN */
    const char *outcome;   /**< outcome path, e.g. "killed"; "" for strengths */
    const char *group;     /**< group path, e.g. "civilians"; "" when not said */
    const char *perpetrator;      /**< group path of the perpetrator, or "" */
    const char *perpetrator_text; /**< the perpetrator's words as written, or "" */
    const char *source;    /**< who the text credits, e.g. "SOHR", or "" */
    const char *relay;     /**< the outlet citing the source ("X, citing Y"), or "" */
    const char *preset;    /**< the name of the hedge table used, e.g. "default" */
    const char *quote;     /**< the bytes [start, end) of the text */
    const char *period_text; /**< the date words, e.g. "between 6 and 8 March", or "" */
} cas_phrase_claim;

/** Options: a hedge table, a lexicon, known sources and defaults. */
typedef struct cas_phrase_options cas_phrase_options;
/** The claims parsed from one text. */
typedef struct cas_phrase_result cas_phrase_result;

/**
 * Set @p hedge's size and clear it: BEFORE, EXACT, spread 0, [0, open), no
 * best, no phrase.
 * @param hedge  the struct; NULL is a no-op.
 * @param size  `sizeof *hedge` as the caller's headers have it: cas_hedge_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_hedge_init_size(cas_hedge *hedge, size_t size);
/**
 * cas_hedge_init_size() with the caller's own `sizeof *hedge`.
 * @param hedge  the struct; NULL is a no-op.
 */
static inline void cas_hedge_init(cas_hedge *hedge)
{
    cas_hedge_init_size(hedge, sizeof *hedge);
}

/**
 * Set @p claim's size and clear it (strings NULL, days unknown).
 * @param claim  the struct; NULL is a no-op.
 * @param size  `sizeof *claim` as the caller's headers have it: cas_phrase_claim_init() passes it.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT void cas_phrase_claim_init_size(cas_phrase_claim *claim, size_t size);
/**
 * cas_phrase_claim_init_size() with the caller's own `sizeof *claim`.
 * @param claim  the struct; NULL is a no-op.
 */
static inline void cas_phrase_claim_init(cas_phrase_claim *claim)
{
    cas_phrase_claim_init_size(claim, sizeof *claim);
}

/**
 * ::CAS_PHRASE_MAX_BYTES, as a function for bindings.
 * Complexity: O(1) time, no memory.
 * @return the longest text cas_phrase_parse() accepts, in bytes.
 */
CAS_EXPORT size_t cas_phrase_max_bytes(void);

/**
 * New options holding a built-in preset.
 * @param out     receives the handle; the caller frees it with
 *                cas_phrase_options_free(). Written only on success.
 * @param preset  "default" (the table of docs/model.md section 3; NULL means it) or "acled"
 *                (ACLED-style conservative floors: tens 10, dozens 12,
 *                hundreds 100, ..., each [N, open)).
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL @p out), CAS_ERR_VALUE (unknown
 *         preset) or CAS_ERR_NOMEM.
 * Complexity: O(t) time and memory for the t terms and hedges of the preset.
 */
CAS_EXPORT cas_status cas_phrase_options_new(cas_phrase_options **out, const char *preset,
                                             cas_error *err);

/**
 * Free options. NULL is a no-op. Results parsed with them stay valid.
 * Complexity: O(1) time; all its memory returned.
 * @param opts  the options, or NULL.
 */
CAS_EXPORT void cas_phrase_options_free(cas_phrase_options *opts);

/**
 * Name the table, e.g. "my-project". Claims record this name. Changing
 * the hedge table without naming it renames it "<preset>+custom".
 * @param name  1 to 63 bytes of printable ASCII.
 * @param opts  the options.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_VALUE.
 * Complexity: O(1) time, no memory.
 */
CAS_EXPORT cas_status cas_phrase_options_set_name(cas_phrase_options *opts, const char *name,
                                                  cas_error *err);

/**
 * The table's current name (borrowed: lives until the options change or are freed).
 * Complexity: O(1) time, no memory.
 * @param opts  the options.
 * @return the name (for NULL options, the default preset's).
 */
CAS_EXPORT const char *cas_phrase_options_name(const cas_phrase_options *opts);

/**
 * Add a hedge, or replace the entry with the same phrase and position.
 * @param opts  the options.
 * @param hedge  the entry, with `size` set (cas_hedge_init()); its strings are copied.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG (NULL, size too small), CAS_ERR_VALUE
 *         (empty or over-long phrase, unknown position, rule or
 *         qualifier, spread outside 0..99), CAS_ERR_RANGE (a FIXED entry
 *         with low < 0, high < low, or best outside the range),
 *         CAS_ERR_ENCODING or CAS_ERR_NOMEM. On error nothing changes.
 * Complexity: O(h) time for h hedges; O(length of the phrase) memory.
 */
CAS_EXPORT cas_status cas_phrase_options_set_hedge(cas_phrase_options *opts,
                                                   const cas_hedge *hedge, cas_error *err);

/**
 * Remove the hedge with this phrase and position.
 * @param opts  the options.
 * @param phrase    the hedge's phrase.
 * @param position  its position (a ::cas_hedge_position).
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(h) time for h hedges, no memory.
 */
CAS_EXPORT cas_status cas_phrase_options_remove_hedge(cas_phrase_options *opts,
                                                      const char *phrase, int32_t position,
                                                      cas_error *err);

/**
 * Remove every hedge (to replace the table entry by entry). NULL is a no-op.
 * Complexity: O(h) time for h hedges, no memory.
 * @param opts  the options, or NULL.
 */
CAS_EXPORT void cas_phrase_options_clear_hedges(cas_phrase_options *opts);

/**
 * The number of hedges in the table (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param opts  the options, or NULL.
 * @return the number of hedges.
 */
CAS_EXPORT size_t cas_phrase_options_hedge_count(const cas_phrase_options *opts);

/**
 * Copy hedge @p index into @p out (whose size the caller set); the phrase
 * is borrowed from the options until they change or are freed.
 * @param opts  the options.
 * @param index  the hedge's position in the table, below cas_phrase_options_hedge_count().
 * @param out    receives the hedge.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_phrase_options_get_hedge(const cas_phrase_options *opts, size_t index,
                                                   cas_hedge *out);

/**
 * Add a lexicon entry, or change the path of an existing phrase of that
 * kind. The longest phrase wins where several match.
 * @param kind    a ::cas_term_kind.
 * @param phrase  the words, e.g. "security personnel" (1 to 64 bytes).
 * @param path    an outcome or group path ("combatants/government"); a
 *                group path may be "" for words like "people".
 * @param opts  the options.
 * @param err     receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_VALUE (kind, phrase), CAS_ERR_PATH,
 *         CAS_ERR_ENCODING or CAS_ERR_NOMEM.
 * Complexity: O(t) time for t terms; O(length of the term) memory.
 */
CAS_EXPORT cas_status cas_phrase_options_add_term(cas_phrase_options *opts, int32_t kind,
                                                  const char *phrase, const char *path,
                                                  cas_error *err);

/**
 * Remove a lexicon entry. @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(t) time for t terms, no memory.
 * @param opts  the options.
 * @param kind    a ::cas_term_kind.
 * @param phrase  the entry's words.
 * @param err     receives the details of a failure, or NULL.
 */
CAS_EXPORT cas_status cas_phrase_options_remove_term(cas_phrase_options *opts, int32_t kind,
                                                     const char *phrase, cas_error *err);

/**
 * Declare a known source. Attributions whose words equal @p name or
 * @p alias, or contain either as whole words, are recorded as @p name:
 * ("UK-based Syrian Observatory for Human Rights" -> "SOHR").
 * @param alias  another spelling, or NULL.
 * @param opts  the options.
 * @param name   the source's name as claims record it (1 to 255 bytes).
 * @param err    receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_VALUE (empty or over 255 bytes),
 *         CAS_ERR_ENCODING or CAS_ERR_NOMEM.
 * Complexity: O(t) time for t source names; O(length of the name) memory.
 */
CAS_EXPORT cas_status cas_phrase_options_add_source(cas_phrase_options *opts, const char *name,
                                                    const char *alias, cas_error *err);

/**
 * The year of dates that name none ("between 6 and 8 March"); 0 leaves
 * such periods unknown (their words are still in period_text).
 * @param opts  the options.
 * @param year  0 to 9999.
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_DATE (outside 0..9999).
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_phrase_options_set_year(cas_phrase_options *opts, int32_t year,
                                                  cas_error *err);

/**
 * The path given to a claim whose text names no outcome (casualty fields
 * only; default "casualties") or no group (default "").
 * @param kind  a ::cas_term_kind.
 * @param opts  the options.
 * @param path  the path, as for cas_phrase_options_add_term().
 * @param err   receives the details of a failure, or NULL.
 * @return CAS_OK, CAS_ERR_ARG, CAS_ERR_VALUE, CAS_ERR_PATH or CAS_ERR_NOMEM.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_phrase_options_set_default(cas_phrase_options *opts, int32_t kind,
                                                     const char *path, cas_error *err);

/**
 * Whether "at least" reaches across a list: with it on (the default),
 * "at least 16 soldiers and four civilians" gives [16, open) and
 * [4, open); off, the second is exactly 4.
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param opts  the options; NULL is a no-op.
 * @param on    non-zero to distribute (the default), 0 not to.
 */
CAS_EXPORT void cas_phrase_options_set_distribute(cas_phrase_options *opts, int32_t on);

/**
 * Parse @p len bytes of @p text into claims.
 * @param out    receives a new result (possibly with no claims); the caller
 *               frees it with cas_phrase_result_free(). Written only on success.
 * @param opts   options, or NULL for the built-in "default" preset.
 * @param text   the text; need not be NUL-terminated; may be NULL if @p len is 0.
 *               NUL bytes act as line breaks.
 * @param field  a ::cas_phrase_field.
 * @param len    the length of @p text in bytes.
 * @param err    receives the details of a failure, or NULL.
 * @return CAS_OK; CAS_ERR_ARG (NULL @p out, NULL text with len > 0,
 *         unknown field); CAS_ERR_TOO_LONG (over ::CAS_PHRASE_MAX_BYTES);
 *         CAS_ERR_ENCODING (not UTF-8; err->column is the 1-based byte
 *         offset of the first bad byte); CAS_ERR_NOMEM. Numbers too
 *         large for 64 bits, and anything else the parser does not read
 *         as a count, give no claim rather than an error.
 * Complexity: O(b) time for b bytes of text (the lexer reads each byte a bounded number of
 *   times, whatever markup it holds); O(b) memory.
 */
CAS_EXPORT cas_status cas_phrase_parse(cas_phrase_result **out, const cas_phrase_options *opts,
                                       const char *text, size_t len, int32_t field,
                                       cas_error *err);

/**
 * The number of claims in @p result (0 for NULL).
 * Complexity: O(1) time, no memory (a read of what was computed).
 * @param result  the result, or NULL.
 * @return the number of claims.
 */
CAS_EXPORT size_t cas_phrase_result_count(const cas_phrase_result *result);

/**
 * Copy claim @p index (in text order) into @p out.
 * @param out  its size field set to sizeof(cas_phrase_claim) or more.
 * @param result  the result.
 * @param index   the claim's position, below cas_phrase_result_count().
 * @return CAS_OK, CAS_ERR_ARG (NULL, size too small) or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_phrase_result_get(const cas_phrase_result *result, size_t index,
                                            cas_phrase_claim *out);

/**
 * Fill a ::cas_claim (size set by the caller, e.g. with cas_claim_init())
 * from claim @p index, ready for cas_ledger_add() once the caller sets
 * its id (and its source when the text named none): range, best,
 * qualifier, basis, source, relay, quote, and the scope's outcome, group,
 * perpetrator and period. id and citation are left NULL. Strings are
 * borrowed from the result.
 * @param result  the result.
 * @param index   the claim's position, below cas_phrase_result_count().
 * @param out     caller-owned, with `size` set; receives the claim.
 * @return CAS_OK, CAS_ERR_ARG or CAS_ERR_NOT_FOUND.
 * Complexity: O(1) time, no memory (a read of what was computed).
 */
CAS_EXPORT cas_status cas_phrase_result_claim(const cas_phrase_result *result, size_t index,
                                              cas_claim *out);

/**
 * Free a result and its strings. NULL is a no-op.
 * Complexity: O(1) time; all its memory returned.
 * @param result  the result, or NULL.
 */
CAS_EXPORT void cas_phrase_result_free(cas_phrase_result *result);

#ifdef __cplusplus
}
#endif

#endif /* CASUALTY_PHRASE_H */
