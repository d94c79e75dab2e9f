import type { CpMessage } from "./cp-message";

/** MSG between users (HCPMSG), LOGON (HCPLGA) and XAUTOLOG (HCPCLS). */
export const SESSION_MESSAGES: readonly CpMessage[] = [
  {
    id: "HCPMSG045E",
    number: 45,
    severity: "E",
    template: "{userid} not logged on",
    source: "recalled",
    note: "the MSG form of HCPCQU045E (the corpus shows the QUERY form)",
  },
  {
    id: "HCPMSG057I",
    number: 57,
    severity: "I",
    template: "{userid} not receiving; {what} off",
    source: "recalled",
  },
  {
    id: "HCPLGA053E",
    number: 53,
    severity: "E",
    template: "{userid} not in CP directory",
    source: "recalled",
    note: "the LOGON form of HCPLNM053E",
  },
  {
    id: "HCPLGA050E",
    number: 50,
    severity: "E",
    template: "LOGON unsuccessful--incorrect password",
    source: "corpus",
  },
  {
    id: "HCPLGA054E",
    number: 54,
    severity: "E",
    template: "Already logged on",
    source: "recalled",
    note: 'the corpus line is cut short ("already logged"); tessia matches "Already logged on"',
  },
  {
    id: "HCPLGA361E",
    number: 361,
    severity: "E",
    template: "LOGOFF/FORCE pending for user {userid}",
    source: "corpus",
  },
  {
    id: "HCPCLS6056I",
    number: 6056,
    severity: "I",
    template: "XAUTOLOG information for {userid}: The IPL command is verified by the IPL command processor.",
    source: "recalled",
    note:
      "the text is real z/VM 6.3 output quoted in shared/reference/cp-first-hour.md §6 [C: zvm-bootcamp BC-DRV], " +
      "wrapped there at the screen's width, but it is not in shared/corpus, so not marked corpus; " +
      "when CP says it (a directory that IPLs, no SYNCH) is inferred",
  },
];
