// Package update applies SPARQL 1.1 Update requests to the store: INSERT
// DATA, DELETE DATA, DELETE/INSERT … WHERE (with USING, USING NAMED and
// WITH), DELETE WHERE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE and ADD.
//
// [Parse] reads a request once; [Request.Apply] runs its operations in
// order inside one store transaction given by the caller, so a request is
// all or nothing: [Run] opens that transaction. The WHERE clause of each
// operation is evaluated by the query engine over the transaction's own
// view (it sees the writes of the earlier operations), its solutions are
// collected, then the DELETE template is removed and the INSERT template
// added, with blank nodes fresh per solution.
//
// The update's default graph is [Options.DefaultGraph]: the store's own
// default graph when zero (the W3C tests), or a named graph (ruche's public
// data graph). [Options.Writable] decides which graphs a request may
// change: an operation naming a graph it may not write fails with an
// *[Error] of kind [Forbidden]; CLEAR/DROP NAMED and ALL skip them.
// LOAD reads only what [Options.Load] gives; without it every LOAD is
// refused ([Forbidden]): nothing is ever fetched from the network here.
//
// Graphs exist while they hold a quad, or when created empty by CREATE
// (remembered in the store's meta values under [MetaPrefix]).
package update
