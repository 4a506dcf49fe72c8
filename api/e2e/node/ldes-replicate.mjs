// Replicates the LDES at the URL given as first argument with ldes-client
// (the reference client, library API, ordered by timestamp) and writes one
// JSON line per member on stdout. With a second argument, the client keeps
// its state in that folder and a later run emits only the new members:
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
  const statePath = process.argv[3] || undefined;
  const follow = Number(process.argv[4] || 0);
  if (!url) {
    throw new Error("usage: ldes-replicate.mjs URL [STATE-DIR [FOLLOW-UNTIL-N]]");
  }
  const client = replicateLDES(
    intoConfig({ url, statePath, polling: follow > 0, pollInterval: 200 }),
    "ascending",
  );
  const reader = client.stream({ highWaterMark: 10 }).getReader();
  if (follow > 0) {
    // Give up waiting after a minute: the test then reports what is missing.
    setTimeout(() => process.stdout.write("", () => process.exit(0)), 60000).unref();
  }
  for (let n = 0; follow === 0 || n < follow; n++) {
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

main()
  .then(async () => {
    // A following client polls for ever: stop once the output is flushed.
    await new Promise((resolve) => process.stdout.write("", resolve));
    process.exit(0);
  })
  .catch((e) => {
    process.stderr.write(String((e && e.stack) || e) + "\n");
    process.exit(1);
  });
