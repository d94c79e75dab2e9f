import { describe, expect, it } from "vitest";
import { expectInCorpus } from "./corpus-lines";
import {
  deviceAttached,
  deviceDetached,
  queryDasd,
  type RealDasd,
  xlinkCheck,
} from "../../src/cp/layouts/devices";
import { queryCplevel } from "../../src/cp/layouts/system";
import { cpDate, cpTimeOfDay, queryTime } from "../../src/cp/layouts/time";
import { queryNames, queryUser, queryUserid, queryUsers } from "../../src/cp/layouts/users";
import { queryVirtualDasd, type VirtualDasd } from "../../src/cp/layouts/virtual";

describe("QUERY USERID", () => {
  it("matches zvm-bootcamp-cp-responses.txt", () => {
    const lines = queryUserid("MAINT", "ZVMWSXX");
    expect(lines).toEqual(["MAINT    AT ZVMWSXX"]);
    expectInCorpus(lines, "zvm-bootcamp-cp-responses.txt");
  });
});

describe("QUERY userid", () => {
  it("matches feilong-cp-responses.txt", () => {
    const lines = queryUser("FBA0004", "DSC");
    expect(lines).toEqual(["FBA0004  - DSC"]);
    expectInCorpus(lines, "feilong-cp-responses.txt");
  });

  it("pads an eight-character userid with nothing", () => {
    expect(queryUser("VSMWORK1", "DSC")).toEqual(["VSMWORK1 - DSC"]);
  });
});

describe("QUERY NAMES", () => {
  const names = ["OPERATOR", "TCPIP", "DTCVSW1", "DTCVSW2", "FTPSERVE", "MAINT"].map((userid) => ({
    userid,
    terminal: "DSC",
  }));

  // The field and separator follow Rick Troth's z/VM 7.3 quote "LCLEF02  - DSC , LTROTH1  - DSC , ..."
  it("packs four `userid - DSC` fields to a line, joined by ' , '", () => {
    expect(queryNames(names)).toEqual([
      "OPERATOR - DSC , TCPIP    - DSC , DTCVSW1  - DSC , DTCVSW2  - DSC",
      "FTPSERVE - DSC , MAINT    - DSC",
    ]);
  });

  it("shows a connected user's terminal in place of DSC", () => {
    // A logical device's five characters take the blank's place (reference §7).
    expect(queryNames([{ userid: "MAINT", terminal: "L0003" }])).toEqual(["MAINT    -L0003"]);
    expect(queryNames([{ userid: "MAINT", terminal: "0009" }, ...names.slice(0, 1)])).toEqual([
      "MAINT    - 0009 , OPERATOR - DSC",
    ]);
  });

  it("starts each system's users on a line of their own with AT ALL", () => {
    const entries = [
      { userid: "TCPIP", terminal: "DSC", system: "LTICVM1" },
      { userid: "TCPIP", terminal: "DSC", system: "LTICVM2" },
      { userid: "OPERATOR", terminal: "DSC", system: "LTICVM1" },
    ];
    expect(queryNames(entries, { at: "ALL" })).toEqual([
      "LTICVM1  : TCPIP    - DSC , OPERATOR - DSC",
      "LTICVM2  : TCPIP    - DSC",
    ]);
    expect(queryNames(entries, { at: "LTICVM1" })).toEqual([
      "TCPIP    - DSC , TCPIP    - DSC , OPERATOR - DSC",
    ]);
  });

  it("prints nothing for nobody", () => {
    expect(queryNames([])).toEqual([]);
  });
});

describe("QUERY USERS", () => {
  // Six-column counts, as in Rick Troth's z/VM 7.3 quote "    53 USERS,      0 DIALED,      0 NET".
  it("right-aligns each count in six columns", () => {
    expect(queryUsers(12)).toEqual(["    12 USERS,      0 DIALED,      0 NET"]);
    expect(queryUsers(1234, 5, 67)).toEqual(["  1234 USERS,      5 DIALED,     67 NET"]);
  });
});

describe("QUERY VIRTUAL DASD", () => {
  // xcat-zvm-rinv-lsvm-output.txt, "# rinv gpok3 all", given out of order: CP lists by vdev.
  const gpok3: VirtualDasd[] = [
    {
      vdev: "0592",
      devtype: "3390",
      volser: "EV61A2",
      access: "R/O",
      cylinders: 70,
      rdev: "61A2",
      subchannel: "0012",
    },
    {
      vdev: "0100",
      devtype: "3390",
      volser: "EMC2C6",
      access: "R/W",
      cylinders: 10016,
      rdev: "C2C6",
      subchannel: "0000",
    },
    {
      vdev: "0190",
      devtype: "3390",
      volser: "EV61A2",
      access: "R/O",
      cylinders: 107,
      rdev: "61A2",
      subchannel: "000E",
    },
    {
      vdev: "0191",
      devtype: "3390",
      volser: "EMC20D",
      access: "R/O",
      cylinders: 1000,
      rdev: "C20D",
      subchannel: "0013",
    },
    {
      vdev: "019D",
      devtype: "3390",
      volser: "EV61A2",
      access: "R/O",
      cylinders: 146,
      rdev: "61A2",
      subchannel: "000F",
    },
    {
      vdev: "019E",
      devtype: "3390",
      volser: "EV61A2",
      access: "R/O",
      cylinders: 250,
      rdev: "61A2",
      subchannel: "0010",
    },
    {
      vdev: "0300",
      devtype: "9336",
      volser: "(VDSK)",
      access: "R/W",
      cylinders: 262144,
      unit: "BLK",
      rdev: "VDSK",
      subchannel: "0014",
    },
    {
      vdev: "0301",
      devtype: "9336",
      volser: "(VDSK)",
      access: "R/W",
      cylinders: 524288,
      unit: "BLK",
      rdev: "VDSK",
      subchannel: "0015",
    },
    {
      vdev: "0402",
      devtype: "3390",
      volser: "EV61A2",
      access: "R/O",
      cylinders: 146,
      rdev: "61A2",
      subchannel: "0011",
    },
  ];

  it("matches xcat-zvm-rinv-lsvm-output.txt line for line, in vdev order", () => {
    const lines = queryVirtualDasd(gpok3);
    expect(lines).toEqual([
      "DASD 0100 3390 EMC2C6 R/W      10016 CYL ON DASD  C2C6 SUBCHANNEL = 0000",
      "DASD 0190 3390 EV61A2 R/O        107 CYL ON DASD  61A2 SUBCHANNEL = 000E",
      "DASD 0191 3390 EMC20D R/O       1000 CYL ON DASD  C20D SUBCHANNEL = 0013",
      "DASD 019D 3390 EV61A2 R/O        146 CYL ON DASD  61A2 SUBCHANNEL = 000F",
      "DASD 019E 3390 EV61A2 R/O        250 CYL ON DASD  61A2 SUBCHANNEL = 0010",
      "DASD 0300 9336 (VDSK) R/W     262144 BLK ON DASD  VDSK SUBCHANNEL = 0014",
      "DASD 0301 9336 (VDSK) R/W     524288 BLK ON DASD  VDSK SUBCHANNEL = 0015",
      "DASD 0402 3390 EV61A2 R/O        146 CYL ON DASD  61A2 SUBCHANNEL = 0011",
      "DASD 0592 3390 EV61A2 R/O         70 CYL ON DASD  61A2 SUBCHANNEL = 0012",
    ]);
    expectInCorpus(lines, "xcat-zvm-rinv-lsvm-output.txt", "gpok3:     ");
  });

  it("matches feilong-cp-responses.txt", () => {
    const lines = queryVirtualDasd([
      {
        vdev: "0100",
        devtype: "3390",
        volser: "IAS106",
        access: "R/W",
        cylinders: 29128,
        rdev: "1356",
        subchannel: "0003",
      },
    ]);
    expect(lines).toEqual(["DASD 0100 3390 IAS106 R/W      29128 CYL ON DASD  1356 SUBCHANNEL = 0003"]);
    expectInCorpus(lines, "feilong-cp-responses.txt");
  });

  it("numbers subchannels in the order the devices were given when the caller does not", () => {
    const lines = queryVirtualDasd([
      { vdev: "0191", devtype: "3390", volser: "VOL1", access: "R/W", cylinders: 5, rdev: "0200" },
      { vdev: "0190", devtype: "3390", volser: "VOL1", access: "R/O", cylinders: 5, rdev: "0200" },
    ]);
    expect(lines).toEqual([
      "DASD 0190 3390 VOL1   R/O          5 CYL ON DASD  0200 SUBCHANNEL = 0001",
      "DASD 0191 3390 VOL1   R/W          5 CYL ON DASD  0200 SUBCHANNEL = 0000",
    ]);
  });
});

describe("QUERY DASD", () => {
  // zvm-bootcamp-cp-responses.txt, "q dasd", given out of order: CP lists by rdev.
  const bootcamp: RealDasd[] = [
    { rdev: "0304", volser: "M01S02", state: "OWNED", users: 0 },
    { rdev: "0200", volser: "M01RES", state: "OWNED", users: 89 },
    { rdev: "0201", volser: "VMCOM1", state: "OWNED", users: 13 },
    { rdev: "0202", volser: "VMCOM2", state: "SYSTEM", users: 2 },
    { rdev: "0203", volser: "630RL1", state: "SYSTEM", users: 12 },
    { rdev: "0204", volser: "630RL2", state: "SYSTEM", users: 6 },
    { rdev: "0205", volser: "M01S01", state: "OWNED", users: 1 },
    { rdev: "0206", volser: "M01P01", state: "OWNED", users: 0 },
    { rdev: "0207", volser: "M01W01", state: "SYSTEM", users: 10 },
    { rdev: "0208", volser: "M01W02", state: "SYSTEM", users: 1 },
    { rdev: "0209", volser: "M01W03", state: "SYSTEM", users: 1 },
    { rdev: "0300", volser: "M01P02", state: "OWNED", users: 0 },
    { rdev: "0301", volser: "LNX301", state: "SYSTEM", users: 0 },
    { rdev: "0302", volser: "LNX302", state: "SYSTEM", users: 0 },
    { rdev: "0303", volser: "LNX303", state: "SYSTEM", users: 0 },
  ];

  it("matches zvm-bootcamp-cp-responses.txt line for line, in rdev order", () => {
    const lines = queryDasd(bootcamp);
    expect(lines.slice(0, 3)).toEqual([
      "DASD 0200 CP OWNED  M01RES   89",
      "DASD 0201 CP OWNED  VMCOM1   13",
      "DASD 0202 CP SYSTEM VMCOM2   2",
    ]);
    expect(lines.at(-1)).toBe("DASD 0304 CP OWNED  M01S02   0");
    expect(lines).toHaveLength(15);
    expectInCorpus(lines, "zvm-bootcamp-cp-responses.txt");
  });

  it("shows a DASD attached to a user (unverified layout)", () => {
    expect(
      queryDasd([
        { rdev: "0400", volser: "LX0400", state: "ATTACHED", userid: "LINUX1", vdev: "0100", access: "R/W" },
      ]),
    ).toEqual(["DASD 0400 ATTACHED TO LINUX1   0100 R/W LX0400"]);
  });
});

describe("QUERY CPLEVEL", () => {
  // Rick Troth quotes z/VM 7.3: "z/VM Version 7 Release 3.0, service level 2401 (64-bit)",
  // "Generated at <date> <time> <zone>", "IPL at <date> <time> <zone>" (his dates are ISO).
  it("prints the level, the build and the IPL times", () => {
    const lines = queryCplevel(
      { version: 7, release: 3, modification: 0, serviceLevel: "2401" },
      new Date("2024-03-22T17:29:19Z"),
      new Date("2025-01-02T13:16:56Z"),
      { zone: "UTC", dateFormat: "ISODATE" },
    );
    expect(lines).toEqual([
      "z/VM Version 7 Release 3.0, service level 2401 (64-bit)",
      "Generated at 2024-03-22 17:29:19 UTC",
      "IPL at 2025-01-02 13:16:56 UTC",
    ]);
  });

  it("uses mm/dd/yy and UTC by default", () => {
    const lines = queryCplevel(
      { version: 6, release: 3, modification: 0, serviceLevel: "1501" },
      new Date("2015-04-01T14:32:00Z"),
      new Date("2016-02-26T10:04:48Z"),
    );
    expect(lines.slice(1)).toEqual(["Generated at 04/01/15 14:32:00 UTC", "IPL at 02/26/16 10:04:48 UTC"]);
  });
});

describe("QUERY TIME", () => {
  // Time, zone, weekday and date as IDENTIFY prints them in zvm-bootcamp-cp-responses.txt
  // ("09/13/13 11:18:27 EDT      FRIDAY") and LOGON in tessia-zvm-3270-console-lines.txt
  // ("LOGON AT 10:04:53 CET MONDAY 02/26/16").
  it("prints time, zone, weekday and date, then the session's times", () => {
    const lines = queryTime(
      new Date("2013-09-13T11:18:27Z"),
      { connectSeconds: 3 * 3600 + 25, virtCpuSeconds: 0.11, totCpuSeconds: 75.27 },
      { zone: "EDT", dateFormat: "SHORTDATE" },
    );
    expect(lines).toEqual([
      "TIME IS 11:18:27 EDT FRIDAY 09/13/13",
      "CONNECT= 03:00:25 VIRTCPU= 000:00.11 TOTCPU= 001:15.27",
    ]);
  });

  it("prints an ISO date when the system says so", () => {
    expect(
      queryTime(
        new Date("2025-05-30T16:45:28Z"),
        { connectSeconds: 0 },
        { zone: "UTC", dateFormat: "ISODATE" },
      )[0],
    ).toBe("TIME IS 16:45:28 UTC FRIDAY 2025-05-30");
  });

  it("formats dates and times from UTC fields", () => {
    const d = new Date("2013-09-13T11:18:27Z");
    // zvm-bootcamp-cp-responses.txt IDENTIFY: "09/13/13 11:18:27 EDT      FRIDAY"
    expect(`${cpDate(d)} ${cpTimeOfDay(d)}`).toBe("09/13/13 11:18:27");
    expect(cpDate(d, "ISODATE")).toBe("2013-09-13");
  });
});

describe("XLINK CHECK, DETACH and ATTACH answers", () => {
  it("says a volume is under CSE in the seed's words", () => {
    expect(xlinkCheck("VMQ001")).toEqual(["Volume VMQ001 is controlled by CSE LINK."]);
  });

  it("matches xcat-zvm-setup-cp-responses.txt for DETACH", () => {
    const lines = deviceDetached("0CF1");
    expect(lines).toEqual(["DASD 0CF1 DETACHED"]);
    expectInCorpus(lines, "xcat-zvm-setup-cp-responses.txt");
  });

  it("matches tessia-zvm-3270-console-lines.txt for ATTACH", () => {
    const lines = deviceAttached("1740", "USER", "1740", "FCP");
    expect(lines).toEqual(["FCP 1740 ATTACHED TO USER 1740"]);
    expectInCorpus(lines, "tessia-zvm-3270-console-lines.txt", "00: ");
  });
});

describe("QUERY VIRTUAL DASD of a dedicated device", () => {
  it("matches the tessia capture line for a dedicated DASD", () => {
    // shared/corpus/tessia-zvm-3270-console-lines.txt: "00: DASD 1C5D ON DASD  1C5D R/W 0X1C5D SUBCHANNEL = 0003"
    expect(
      queryVirtualDasd([
        {
          vdev: "1C5D",
          devtype: "3390",
          volser: "0X1C5D",
          access: "R/W",
          cylinders: 0,
          rdev: "1C5D",
          subchannel: "0003",
          dedicated: true,
        },
      ]),
    ).toEqual(["DASD 1C5D ON DASD  1C5D R/W 0X1C5D SUBCHANNEL = 0003"]);
  });
});
