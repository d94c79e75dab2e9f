import { fuzzSuite } from "./attack-fuzz";

/**
 * The attack suite, bodies (issue #10), second half: 10,000 random bodies on each system and user
 * route (IPL, LOGON, CP, RESERVE and device I/O, the spool, tape drives), and JSON nested 10,000
 * deep and more on each. The generators and checks are in attack-fuzz.ts.
 */
fuzzSuite("systems");
