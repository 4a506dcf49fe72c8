// Runs a SPARQL query with Comunica (@comunica/query-sparql, the version
// pinned in package-lock.json) over Linked Data documents, as its users do:
// Comunica dereferences each source with its own Accept header (N-Quads
// first) and queries the default graph of what it gets.
//
// stdin: {"query": "...", "sources": ["url", ...],
//         "follow": {"prefix": "http://…/", "depth": 2}}
// With "follow", the client first traverses links: at each step it asks
// Comunica for the IRIs under prefix that the documents read so far
// mention, and adds their documents to the sources; then it runs the query
// over every document found.
// stdout: {"bindings": [{"var": "value", …}, …], "sources": [...]}
const { QueryEngine } = require('@comunica/query-sparql');

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

// lenient: a link to no document (404) is skipped, as a traversing client
// does; the Go test still sees every exchange.
async function select(engine, query, sources) {
  const stream = await engine.queryBindings(query, { sources, lenient: true });
  const rows = await stream.toArray();
  return rows.map((b) => {
    const row = {};
    for (const [v, term] of b) row[v.value] = term.value;
    return row;
  });
}

async function main() {
  const input = await readStdin();
  const engine = new QueryEngine();
  const sources = [...input.sources];
  if (input.follow) {
    const seen = new Set(sources);
    let frontier = [...sources];
    for (let depth = 0; depth < input.follow.depth && frontier.length > 0; depth++) {
      const links = await select(engine,
        `SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), ${JSON.stringify(input.follow.prefix)})) }`,
        frontier);
      frontier = [];
      for (const { o } of links) {
        const doc = o.split('#')[0];
        if (!seen.has(doc) && !doc.includes('/graph/')) {
          seen.add(doc);
          frontier.push(doc);
          sources.push(doc);
        }
      }
    }
  }
  const bindings = await select(engine, input.query, sources);
  process.stdout.write(JSON.stringify({ bindings, sources }) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
