import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: plain domain code on Node (fast), and the Worker with its Durable Objects inside workerd.
export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        // The web console in Chromium (Debian's chromium; .ci/run installs it) on wrangler dev.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 240_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Tests make requests in bursts: their tenants get a high rate unless a test sets one (PATCH).
            miniflare: {
              bindings: {
                ADMIN_TOKEN: "test-admin-token",
                DEFAULT_LIMITS: { requestsPerSecond: 10_000, burst: 20_000 },
              },
            },
          }),
        ],
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
        },
      },
    ],
  },
});
