/* SPDX-License-Identifier: MIT */
/* The CSV loader built without its fast path, under other names, for
 * tests/check_csv_fast.c: every row goes through libcsv and end_row(),
 * as before the fast path existed. Not part of the library: only the
 * loader is compiled here; what it calls (the ledger, the phrase parser,
 * the utilities) comes from lib/libcasualty-internal.la. */
#define CAS_CSV_NO_FAST_PATH 1
#define cas_csv_load ref_csv_load
#define cas_csv_load_lenient ref_csv_load_lenient
#define cas_csv_load_buffer ref_csv_load_buffer
#define cas_csv_load_buffer_lenient ref_csv_load_buffer_lenient
#define cas_rejects_count ref_rejects_count
#define cas_rejects_get ref_rejects_get
#define cas_rejects_free ref_rejects_free
#define cas_free ref_free
#define cas__csv_column_names ref__csv_column_names
#define cas__csv_row_room ref__csv_row_room
#define cas__csv_row_append ref__csv_row_append
#define cas__csv_end_row ref__csv_end_row
#include "../lib/csv_load.c"
