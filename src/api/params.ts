import type { Context } from "hono";
import { objectName } from "../plex/names";
import { isRefusal, NO_SYSTEM } from "../refusal";
import type { RecordEncoding } from "../spool/records";
import { deviceNumber, quoted, SPOOLID, SYSNAME, USERID, VOLSER } from "../text/names";
import type { AuthVars } from "./auth";
import { answerOrThrow, ApiError } from "./errors";

/** The context of an authenticated route. */
export type Ctx = Context<{ Bindings: Env; Variables: AuthVars }>;

/** A plex name: letters, digits and dashes, as in object names. */
export const PLEX_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/i;

/** The plex the path names, for the authenticated tenant (404 for another tenant's names too). */
export function plexName(c: Ctx): { tenant: string; name: string } {
  const name = c.req.param("plex")!.toLowerCase();
  if (!PLEX_NAME.test(name)) throw new ApiError(404, "NOT_FOUND", `No plex ${quoted(name)}`);
  return { tenant: c.get("tenant"), name };
}

/** The plex's object, after it said it exists. */
export async function plexOf(c: Ctx) {
  const p = plexName(c);
  const stub = c.env.PLEX.getByName(objectName(p.tenant, p.name));
  if (!(await stub.exists())) throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
  return { ...p, stub };
}

/** The system the path names. */
export function sysname(c: Ctx): string {
  const sys = c.req.param("sys")!.toUpperCase();
  if (!SYSNAME.test(sys))
    throw new ApiError(404, "NOT_FOUND", `No system ${quoted(sys)} in plex ${plexName(c).name}`);
  return sys;
}

/** A system's node, as the Worker's binding hands it out (typed through Env, not by importing the class). */
type NodeStub = ReturnType<Env["VMNODE"]["getByName"]>;

/**
 * Calls the node of the system the path names and answers what it answers, or throws its refusal
 * as the error envelope. One object call: the node answers for its plex's existence and its own
 * state. Only a node its Plex never registered (made before registration existed, or a made-up
 * name) costs a second call, to the Plex, which registers it or says there is no such system.
 */
export async function onNode<F extends (node: NodeStub) => PromiseLike<unknown>>(
  c: Ctx,
  call: F,
): Promise<Exclude<Awaited<ReturnType<F>>, { ok: false }>> {
  const p = plexName(c);
  const sys = sysname(c);
  const node = c.env.VMNODE.getByName(objectName(p.tenant, p.name, sys));
  let r = (await call(node)) as Awaited<ReturnType<F>>;
  if (isRefusal(r) && r.code === NO_SYSTEM) {
    const found = await c.env.PLEX.getByName(objectName(p.tenant, p.name)).registerSystem(sys);
    if (found === "no-plex") throw new ApiError(404, "NOT_FOUND", `No plex ${p.name}`);
    if (found === "no-system") throw new ApiError(404, "NOT_FOUND", `No system ${sys} in plex ${p.name}`);
    r = (await call(node)) as Awaited<ReturnType<F>>;
  }
  return answerOrThrow(r);
}

/** Drops the `ok` of an object's answer: the API answers the rest. */
export function withoutOk<T extends { ok?: boolean }>(r: T): Omit<T, "ok"> {
  const { ok: _ok, ...rest } = r;
  return rest;
}

/** The user the path names. */
export function userid(c: Ctx): string {
  const id = c.req.param("userid")!.toUpperCase();
  if (!USERID.test(id)) throw new ApiError(400, "BAD_REQUEST", `User ID ${quoted(id)} is not 1-8 characters`);
  return id;
}

/** The virtual device the path names, as four hex digits. */
export function vdev(c: Ctx): string {
  const v = deviceNumber(c.req.param("vdev"));
  if (v === undefined)
    throw new ApiError(
      400,
      "BAD_REQUEST",
      `Device ${quoted(c.req.param("vdev") ?? "")} is not 1-4 hex digits`,
    );
  return v;
}

/** The spool id the path names, as four digits. */
export function spoolid(c: Ctx): string {
  const id = c.req.param("spoolid")!;
  if (!SPOOLID.test(id)) throw new ApiError(400, "BAD_REQUEST", `Spool id ${quoted(id)} is not 1-4 digits`);
  return id.padStart(4, "0");
}

/** The tape volser the path names. */
export function tapeVolser(c: Ctx): string {
  const v = c.req.param("volser")!.toUpperCase();
  if (!VOLSER.test(v))
    throw new ApiError(400, "BAD_REQUEST", `Tape ${quoted(v)} is not a volser of 1-6 characters`);
  return v;
}

/** `?encoding=base64` asks for records as base64 even when they are text. */
export function encodingOf(c: Ctx): RecordEncoding | undefined {
  const e = c.req.query("encoding");
  if (e === undefined) return undefined;
  if (e !== "utf8" && e !== "base64")
    throw new ApiError(400, "BAD_REQUEST", `encoding must be utf8 or base64, not ${quoted(e)}`);
  return e;
}

/** A whole number of a query string (`?after=N`): decimal digits only, at most `max`; else 400. */
export function queryNumber(c: Ctx, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const n = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(n <= max))
    throw new ApiError(
      400,
      "BAD_REQUEST",
      `${name} must be a whole number from 0 to ${max}, not ${quoted(text)}`,
    );
  return n;
}
