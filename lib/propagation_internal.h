/* SPDX-License-Identifier: MIT */
/* The propagation's nodes and rules, shared by its three rooms:
 * propagation.c (nodes, declared covers, results), propagation_rules.c
 * (building the rules) and propagation_run.c (running them). Never
 * installed. */
#ifndef CAS_PROPAGATION_INTERNAL_H
#define CAS_PROPAGATION_INTERNAL_H

#include "aggregate_internal.h"
#include "pool_internal.h"

typedef struct node {
    uint32_t path[CAS__NPATHS];          /* outcome, group, perpetrator, place, event in p->pool */
    int32_t start, end;
    int64_t init_low, init_high, low, high;
    int32_t low_rule, high_rule;
    int32_t conflict, has_claims;
    /* For a node in conflict, which takes no part in the rules: the node
     * whose low (high) it passes on to its wholes (parts), so that the
     * edges around it still reach every container; -1 for none. */
    int32_t pass_low, pass_high;
    int64_t best;              /* the scope's best, or CAS_NONE */
    int32_t best_kind;         /* a cas_best_kind */
    uint32_t *prov[2];         /* ledger indices, sorted by index while running */
    size_t nprov[2];
} node;

typedef struct group {
    uint32_t whole;
    uint32_t nparts;
    size_t off;                /* into p->parts */
    int covered;
} group;

struct cas_propagation {
    const cas_ledger *ledger;
    const cas_vocab *vocab;    /* the ledger's (docs/model.md section 10) */
    cas__pool pool;
    node *nodes;
    size_t n, cap;
    uint32_t *slots;           /* hash of scopes: 0 empty, else node + 1 */
    size_t nslots;
    group *groups;             /* declared covers first, then the automatic sums */
    size_t ngroups, groups_cap;
    uint32_t *parts;
    size_t nparts, parts_cap;
    uint32_t *edges;           /* pairs (part, whole) */
    size_t nedges, edges_cap;
    size_t nconflicts;
    int ran;
};

/* ---- propagation.c ---- */

/* The hash of a node's scope. */
uint32_t cas__node_hash(const uint32_t path[CAS__NPATHS], int32_t start, int32_t end);

/* The node with this scope, or -1. */
int64_t cas__node_find(const cas_propagation *p, const uint32_t path[CAS__NPATHS], int32_t start,
                       int32_t end);

/* Rebuild the hash of the nodes' scopes after nodes moved or went. */
cas_status cas__node_rehash(cas_propagation *p);

/* The scope of node @x, strings borrowed from p->pool. */
void cas__node_scope(const cas_propagation *p, const node *x, cas_scope *out);

/* Add a group: whole @whole is the sum of @nparts disjoint parts (node
 * numbers), all of it when @covered (a declared cover). */
cas_status cas__group_add(cas_propagation *p, uint32_t whole, const uint32_t *parts,
                          size_t nparts, int covered);

/* ---- propagation_rules.c ---- */

/* Put the nodes in scope order, then build the edges and the sum rules. */
cas_status cas__propagation_build(cas_propagation *p);

/* ---- propagation_edges.c ---- */

/* The part-to-whole edges, nodes in scope order: an edge from each node to
 * each of its minimal containers (the covering relation of scope
 * containment, so that the edges reach exactly the containers), sorted by
 * their whole's place in a topological order, containers first. */
cas_status cas__propagation_edges(cas_propagation *p);

/* The number of edges (tests). */
size_t cas__propagation_nedges(const cas_propagation *p);

#endif
