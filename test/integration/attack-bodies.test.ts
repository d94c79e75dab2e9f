import { fuzzSuite } from "./attack-fuzz";

/**
 * The attack suite, bodies (issue #10), first half: 10,000 random bodies on each tenant, token,
 * lint and plex route, 10,000 random paths and queries over the routes without a body, and JSON
 * nested 10,000 deep and more. The system and user routes are attack-bodies-systems.test.ts's;
 * the generators and checks are in attack-fuzz.ts.
 */
fuzzSuite("plexes");
