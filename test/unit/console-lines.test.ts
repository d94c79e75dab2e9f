import { describe, expect, it } from "vitest";
import { corpusLine, expectInCorpus } from "./corpus-lines";
import { parseSystemConfig } from "../../src/config/parse";
import { timezoneConfig, UTC_ZONE, zoneAt } from "../../src/config/timezone";
import {
  accountingLine,
  autoLogon,
  COMMAND_ACCEPTED,
  COMMAND_COMPLETE,
  connectLine,
  cpStamp,
  disconnectLine,
  logoffLine,
  logonLine,
  reconnectLine,
} from "../../src/cp/console-lines";
import { formatMessage } from "../../src/catalog/messages";

const TESSIA = "tessia-zvm-3270-console-lines.txt";
const CET = { id: "CET", offsetSeconds: 3600 };
const CST = { id: "CST", offsetSeconds: -6 * 3600 };
const EDT = { id: "EDT", offsetSeconds: -4 * 3600 };

// The tessia captures' dates were edited: each weekday is that of the date in 2018, not 2016
// (02/26 was a Monday in 2018, a Friday in 2016). Lines are made for the 2018 instant and compared
// with the year the capture prints.
const asCaptured = (line: string): string => line.replace(/(\d\d\/\d\d)\/18\b/, "$1/16");

describe("LOGON, RECONNECT, LOGOFF and DISCONNECT lines", () => {
  it("LOGON AT matches tessia line 32 (local time of the zone, its ID, weekday, mm/dd/yy)", () => {
    const line = logonLine(new Date("2018-02-26T09:04:53Z"), CET);
    expect(line).toBe("LOGON AT 10:04:53 CET MONDAY 02/26/18");
    expectInCorpus([asCaptured(line)], TESSIA, "00: ");
  });

  it("LOGON AT matches tessia lines 118, 153 and 280", () => {
    const lines = [
      logonLine(new Date("2018-02-26T16:13:22Z"), CET),
      logonLine(new Date("2018-02-19T14:41:35Z"), CET),
      logonLine(new Date("2018-02-20T13:39:26Z"), CET),
    ];
    expect(lines[2]).toBe("LOGON AT 14:39:26 CET TUESDAY 02/20/18");
    expectInCorpus(lines.map(asCaptured), TESSIA, "00: ");
  });

  it("LOGON AT matches zvm-bootcamp-dirmaint-responses line 5 (EDT, a zone west of UTC)", () => {
    const line = logonLine(new Date("2016-07-16T17:30:14Z"), EDT);
    expect(line).toBe("LOGON AT 13:30:14 EDT SATURDAY 07/16/16");
    expectInCorpus([line], "zvm-bootcamp-dirmaint-responses.txt");
  });

  it("RECONNECTED AT matches tessia lines 17, 115 and 144", () => {
    const lines = [
      reconnectLine(new Date("2018-02-26T09:04:48Z"), CET),
      reconnectLine(new Date("2018-02-26T16:13:18Z"), CET),
      reconnectLine(new Date("2018-02-15T10:46:17Z"), CET),
    ];
    expect(lines[0]).toBe("RECONNECTED AT 10:04:48 CET MONDAY 02/26/18");
    expectInCorpus(lines.map(asCaptured), TESSIA, "00: ");
  });

  it("LOGOFF AT ... BY SYSTEM matches tessia line 150 (a zone west of UTC)", () => {
    const line = logoffLine(new Date("2018-03-29T18:16:39Z"), CST, true);
    expect(asCaptured(line)).toBe(corpusLine(TESSIA, "LOGOFF AT"));
  });

  it("a LOGOFF of one's own has no BY SYSTEM; DISCONNECT AT has the same stamp (reference §5, recalled)", () => {
    const now = new Date("2007-01-22T15:20:30Z");
    const est = { id: "EST", offsetSeconds: -5 * 3600 };
    expect(logoffLine(now, est)).toBe("LOGOFF AT 10:20:30 EST MONDAY 01/22/07");
    expect(disconnectLine(now, est)).toBe("DISCONNECT AT 10:20:30 EST MONDAY 01/22/07");
  });

  it("prints UTC when SYSTEM CONFIG defines no zone", () => {
    expect(cpStamp(new Date("2016-02-26T23:59:59Z"))).toBe("23:59:59 UTC FRIDAY 02/26/16");
    // Past midnight locally: the weekday and date are the zone's.
    expect(cpStamp(new Date("2016-02-26T23:59:59Z"), CET)).toBe("00:59:59 CET SATURDAY 02/27/16");
  });

  it("puts the session's times before LOGOFF AT as QUERY TIME prints them (reference §5)", () => {
    expect(connectLine(5 * 60 + 12)).toBe("CONNECT= 00:05:12 VIRTCPU= 000:00.00 TOTCPU= 000:00.00");
  });
});

describe("accounting lines (reference §5-6, zvm-bootcamp BC-DRV and BC-ENV captures)", () => {
  it("AUTO LOGON: userid in columns 23-30, USERS = from column 32", () => {
    const line = autoLogon("LINUX2", 32);
    expect(line).toBe("AUTO LOGON  ***       LINUX2   USERS = 32");
    expect(line.indexOf("LINUX2")).toBe(22);
    expect(line.indexOf("USERS")).toBe(31);
  });

  it("FORCE of a disconnected user: USER DSC ... FORCED BY from column 46", () => {
    const line = accountingLine({ terminal: "DSC", action: "LOGOFF" }, "LINUX2", 31, "MAINT");
    expect(line).toBe("USER DSC   LOGOFF AS  LINUX2   USERS = 31    FORCED BY MAINT");
    expect(line.indexOf("FORCED")).toBe(45);
  });

  it("a LOGON on a local terminal (BC-ENV, without the operator console's time)", () => {
    expect(accountingLine({ terminal: "0009", action: "LOGON" }, "OPERATOR", 1)).toBe(
      "GRAF  0009 LOGON  AS  OPERATOR USERS = 1",
    );
  });

  it("XAUTOLOG's answers: Command accepted (BC-DRV), Command complete (SYNCH, recalled), HCPCLS6056I", () => {
    expect(COMMAND_ACCEPTED).toBe("Command accepted");
    expect(COMMAND_COMPLETE).toBe(corpusLine(TESSIA, "Command complete", "00: "));
    expect(formatMessage("HCPCLS6056I", { userid: "LINUX2" })).toBe(
      "HCPCLS6056I XAUTOLOG information for LINUX2: The IPL command is verified by the IPL command processor.",
    );
  });
});

describe("Timezone_Definition and Timezone_Boundary (src/config/timezone.ts)", () => {
  const zones = (text: string, sysname?: string) =>
    timezoneConfig(parseSystemConfig({ "SYSTEM CONFIG": text }, sysname).model.statements);

  it("is UTC with no definition", () => {
    expect(zoneAt(zones("/* */\n"), new Date())).toEqual(UTC_ZONE);
    expect(zoneAt(undefined, new Date())).toEqual(UTC_ZONE);
  });

  it("reads `zoneid WEST|EAST hh.mm.ss`, with or without ID", () => {
    expect(zones("Timezone_Definition EST West 05.00.00\n").zones).toEqual([
      { id: "EST", offsetSeconds: -18000 },
    ]);
    expect(zones("TIMEZONE_DEFINITION ID CET EAST 01.00.00\n").zones).toEqual([
      { id: "CET", offsetSeconds: 3600 },
    ]);
    expect(zones("Timezone_Definition IST East 5.30\n").zones).toEqual([{ id: "IST", offsetSeconds: 19800 }]);
  });

  it("takes the zone a system's qualifier gives it", () => {
    const text = "SYSA: Timezone_Definition CET East 01.00.00\nSYSB: Timezone_Definition EST West 05.00.00\n";
    expect(zoneAt(zones(text, "SYSB"), new Date()).id).toBe("EST");
    expect(zoneAt(zones(text, "SYSA"), new Date()).id).toBe("CET");
  });

  it("follows the boundaries of IBM's DST2007 sample (reference §8d)", () => {
    const config = zones(
      [
        "Timezone_Definition EST West 05.00.00",
        "Timezone_Definition EDT West 04.00.00",
        "Timezone_boundary on 2007-03-11 at 02:00:00 to EDT",
        "Timezone_boundary on 2007-11-04 at 02:00:00 to EST",
      ].join("\n"),
    );
    expect(zoneAt(config, new Date("2007-01-01T12:00:00Z")).id).toBe("EST");
    // 02:00 EST on 2007-03-11 is 07:00 UTC.
    expect(zoneAt(config, new Date("2007-03-11T06:59:59Z")).id).toBe("EST");
    expect(zoneAt(config, new Date("2007-03-11T07:00:00Z")).id).toBe("EDT");
    expect(zoneAt(config, new Date("2007-07-04T12:00:00Z")).id).toBe("EDT");
    expect(zoneAt(config, new Date("2007-12-01T12:00:00Z")).id).toBe("EST");
  });

  it("ignores a definition it cannot read and a boundary to an undefined zone", () => {
    const config = zones(
      "Timezone_Definition XYZ North 05.00.00\nTimezone_Definition CET East 01.00.00\n" +
        "Timezone_Boundary on 2000-01-01 at 00:00:00 to PST\n",
    );
    expect(zoneAt(config, new Date()).id).toBe("CET");
  });
});
