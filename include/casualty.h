/* SPDX-License-Identifier: MIT */
/**
 * @file casualty.h
 * @brief libcasualty: reconcile conflicting casualty claims.
 *
 * The one header to include. It pulls in every module header under
 * `casualty/`. Link with `pkg-config --cflags --libs casualty`.
 */
#ifndef CASUALTY_H
#define CASUALTY_H

#include "casualty/common.h"
#include "casualty/claim.h"
#include "casualty/ledger.h"
#include "casualty/csv.h"
#include "casualty/import.h"
#include "casualty/phrase.h"
#include "casualty/compare.h"
#include "casualty/reconcile.h"
#include "casualty/aggregate.h"
#include "casualty/rollup.h"
#include "casualty/matrix.h"
#include "casualty/series.h"
#include "casualty/report.h"
#include "casualty/jsonl.h"
#include "casualty/mse.h"
#include "casualty/vocab.h"

#endif /* CASUALTY_H */
