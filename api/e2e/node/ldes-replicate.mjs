// Replicates the LDES at the URL given as argument with ldes-client (the
// reference client, library API, ordered by timestamp, no state on disk)
// and writes one JSON line per member on stdout:
// {"id", "isVersionOf", "timestamp", "type", "nquads"}.
// The URL is the ruche server under test; nothing else is fetched.
import { replicateLDES, intoConfig } from "ldes-client";

function term(t) {
  switch (t.termType) {
    case "NamedNode":
      return "<" + t.value + ">";
    case "BlankNode":
      return "_:" + t.value;
    case "Literal": {
      const lex = JSON.stringify(t.value).slice(1, -1);
      if (t.language) {
        return '"' + lex + '"@' + t.language;
      }
      return '"' + lex + '"^^<' + t.datatype.value + ">";
    }
    case "DefaultGraph":
      return "";
    default:
      throw new Error("unexpected term " + t.termType);
  }
}

function nquads(quads) {
  return quads
    .map((q) => [term(q.subject), term(q.predicate), term(q.object), term(q.graph)].filter((s) => s !== "").join(" ") + " .\n")
    .join("");
}

function str(v) {
  if (v === undefined || v === null) {
    return "";
  }
  if (v instanceof Date) {
    return v.toISOString();
  }
  return typeof v === "object" && "value" in v ? v.value : String(v);
}

async function main() {
  const url = process.argv[2];
  if (!url) {
    throw new Error("usage: ldes-replicate.mjs URL");
  }
  const client = replicateLDES(intoConfig({ url, polling: false }), "ascending");
  const reader = client.stream({ highWaterMark: 10 }).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    process.stdout.write(
      JSON.stringify({
        id: str(value.id),
        isVersionOf: str(value.isVersionOf),
        timestamp: str(value.timestamp),
        type: str(value.type),
        nquads: nquads(value.quads),
      }) + "\n",
    );
  }
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + "\n");
  process.exit(1);
});
