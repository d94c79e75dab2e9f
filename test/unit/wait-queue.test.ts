import { describe, expect, it } from "vitest";
import { WaitQueue } from "../../src/dasd/wait-queue";

describe("WaitQueue", () => {
  it("answers in arrival order, drops the chosen ones, and lets a waiter give up after its time", async () => {
    const q = new WaitQueue<string, string>();
    const a = q.wait("a", 10_000, () => "a timed out");
    const b = q.wait("b", 10_000, () => "b timed out");
    const c = q.wait("c", 5, () => "c timed out");
    expect(q.list()).toEqual(["a", "b", "c"]);
    expect(await c).toBe("c timed out");
    expect(q.list()).toEqual(["a", "b"]);
    q.drop(
      (w) => w === "b",
      (w) => `${w} dropped`,
    );
    expect(await b).toBe("b dropped");
    const first = q.shift()!;
    first.answer(`${first.who} granted`);
    expect(await a).toBe("a granted");
    expect(q.length).toBe(0);
  });
});
