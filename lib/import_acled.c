/* SPDX-License-Identifier: MIT */
/* ACLED's export (docs/real-data.md, "ACLED"): one event a row, its
 * fatalities a conservative figure, so each becomes a floor: [N, open).
 * ACLED's terms forbid redistributing its rows, so the tests write rows
 * of their own in its format. */
#include "import_internal.h"

#include <string.h>

enum {
    A_ID,
    A_DATE,
    A_TYPE,
    A_ACTOR1,
    A_ACTOR2,
    A_COUNTRY,
    A_ADM1,
    A_ADM2,
    A_ADM3,
    A_FAT,
    A_SOURCE,
    A_NOTES,
    A_NCOLS
};

static const char *const acled_names[A_NCOLS] = {
    "event_id_cnty", "event_date", "event_type", "actor1",     "actor2", "country",
    "admin1",        "admin2",     "admin3",     "fatalities", "source", "notes"};

typedef struct acled_state {
    int col[A_NCOLS];
} acled_state;

static cas_status acled_header(cas__import *im)
{
    acled_state *st = im->state;

    for (int i = 0; i < A_NCOLS; i++) {
        int required = i == A_ID || i == A_DATE || i == A_COUNTRY || i == A_FAT;
        if (required) {
            if (cas__import_need(im, &st->col[i], acled_names[i]) != CAS_OK)
                return CAS_ERR_HEADER;
        } else {
            st->col[i] = cas__import_col(im, acled_names[i]);
        }
    }
    return CAS_OK;
}

/* An actor as a perpetrator path: ACLED names state forces "Military
 * Forces of X" or "Police Forces of X". */
static const char *actor_path(cas__import *im, const char *actor)
{
    if (strncmp(actor, "Military Forces of ", 19) == 0 ||
        strncmp(actor, "Police Forces of ", 17) == 0)
        return "government";
    /* "Unidentified Armed Group (Syria)" is no one in particular. */
    if (strncmp(actor, "Unidentified", 12) == 0)
        return "";
    return cas__import_slug(im, actor, strlen(actor), 0);
}

static void acled_row(cas__import *im)
{
    acled_state *st = im->state;
    size_t len;
    int32_t day;
    int64_t fat;
    const char *id = cas__import_get(im, st->col[A_ID], &len);

    if (!id) {
        cas__import_fail(im, st->col[A_ID], CAS_ERR_MISSING, "required, but missing");
        return;
    }
    int r = cas__import_date(im, st->col[A_DATE], &day);
    if (r == 0)
        cas__import_fail(im, st->col[A_DATE], CAS_ERR_MISSING, "required, but missing");
    if (r <= 0)
        return;
    r = cas__import_count(im, st->col[A_FAT], &fat);
    if (r == 0)
        cas__import_fail(im, st->col[A_FAT], CAS_ERR_MISSING, "required, but missing");
    if (r <= 0)
        return;
    const char *parts[4] = {
        cas__import_get(im, st->col[A_COUNTRY], &len), cas__import_get(im, st->col[A_ADM1], &len),
        cas__import_get(im, st->col[A_ADM2], &len), cas__import_get(im, st->col[A_ADM3], &len)};
    const char *type = cas__import_get(im, st->col[A_TYPE], &len);
    const char *actor1 = cas__import_get(im, st->col[A_ACTOR1], &len);
    const char *sources = cas__import_get(im, st->col[A_SOURCE], &len);
    const char *notes = cas__import_get(im, st->col[A_NOTES], &len);
    cas_claim c;
    cas_claim_init(&c);
    c.id = cas__import_printf(im, "acled-%s", id);
    c.source = im->source;
    c.source_kind = "monitor";
    c.relay = sources ? sources : "";
    c.citation = cas__import_printf(im, "ACLED event %s", id);
    c.quote = notes ? notes : "";
    c.scope.outcome = "killed";
    c.scope.place = cas__import_place(im, parts, 4);
    c.scope.period_start = c.scope.period_end = day;
    c.scope.event = cas__import_printf(im, "acled:%s", id);
    /* Violence against civilians: actor 1 killed civilians. Otherwise
     * ACLED's actor 1 is who started the event, not who killed whom. */
    if (type && strcmp(type, "Violence against civilians") == 0) {
        c.scope.group = "civilians";
        c.scope.perpetrator = actor1 ? actor_path(im, actor1) : "";
    } else {
        c.scope.group = c.scope.perpetrator = "";
    }
    c.low = fat;
    c.high = CAS_OPEN;
    c.best = CAS_NONE;
    c.qualifier = CAS_QUAL_AT_LEAST;
    if (!c.id || !c.citation || !c.scope.place || !c.scope.perpetrator || !c.scope.event)
        return;
    cas__import_emit(im, &c, st->col[A_FAT]);
}

const cas__import_format cas__import_acled = {
    .name = "acled",
    .na = "",
    .encoding = CAS_ENCODING_UTF8,
    .source = "ACLED",
    .state_size = sizeof(acled_state),
    .header = acled_header,
    .row = acled_row,
};
