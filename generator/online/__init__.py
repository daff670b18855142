"""The only code that goes online: `litsite fetch` and `litsite resolve`, run by the researcher or a
scheduled workflow, never by generation. What they find is written to files the build then reads offline:
new source files in sources/, the identifiers found in resolved.json, the fetches in fetched.json
(`generator.online.files`, which imports nothing that talks to the network)."""
