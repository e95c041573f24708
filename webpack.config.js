// Build of the CLV add-in: one shared runtime (DESIGN §1). The task pane page loads the functions and
// commands bundles too, so custom functions and the pane share one JavaScript runtime.
const fs = require("fs");
const path = require("path");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const webpack = require("webpack");
const { toProductionManifest, toProductionUrls } = require("./scripts/manifest-url");

// Where the add-in is deployed. A production build with CLV_ADDIN_URL set (an https URL ending in "/")
// rewrites every https://localhost:3000 URL in the manifest and in the functions' help links to it.
// Without it the build stays a local build: URLs keep pointing to the dev server (npm run dev-server),
// which is what sideloading and the tests need; deploy only a build made with CLV_ADDIN_URL.
const urlProd = process.env.CLV_ADDIN_URL || undefined;

/**
 * Ships the function reference as dist/reference.html, rendered from the same sources as
 * docs/functions.md (the metadata the build just generated, docs/examples/*.json, docs/notes/*.md), and
 * rewrites the helpUrls of functions.json with the deployment URL, as the manifest is rewritten.
 */
class ReferencePagePlugin {
  constructor(productionUrl) {
    this.productionUrl = productionUrl;
  }
  apply(compiler) {
    const name = "ReferencePagePlugin";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        const asset = compilation.getAsset("functions.json");
        if (!asset) return;
        // generate-docs.mjs reads the model registry (TypeScript): load it through tsx, as `npm run docs` does.
        require("tsx/cjs/api").register();
        (await import("tsx/esm/api")).register();
        const docs = await import("./scripts/generate-docs.mjs");
        const html = await import("./scripts/reference-html.mjs");
        const json = asset.source.source().toString();
        const functions = JSON.parse(json).functions;
        const markdown = docs.renderReference(functions, docs.loadExamples(), docs.loadNotes(functions));
        compilation.emitAsset("reference.html", new webpack.sources.RawSource(html.referencePage(markdown)));
        if (this.productionUrl) compilation.updateAsset("functions.json", new webpack.sources.RawSource(toProductionUrls(json, this.productionUrl)));
      });
    });
  }
}

// Every .ts file directly in src/functions declares custom functions; helpers live in subfolders.
// The metadata plugin needs the same list as the entry (it appends CustomFunctions.associate calls).
const functionFiles = fs
  .readdirSync(path.resolve(__dirname, "src/functions"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => `./src/functions/${f}`);

async function getHttpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: ["./src/taskpane/taskpane.ts", "./src/taskpane/taskpane.html"],
      commands: "./src/commands/commands.ts",
      functions: functionFiles,
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      clean: true,
    },
    resolve: { extensions: [".ts", ".js", ".html"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.json" } },
        },
        { test: /\.html$/, exclude: /node_modules/, use: "html-loader" },
        { test: /\.(png|jpg|jpeg|gif|ico|svg)$/, type: "asset/resource", generator: { filename: "assets/[name][ext][query]" } },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functionFiles }),
      new ReferencePagePlugin(dev ? undefined : urlProd),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane", "functions", "commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*", to: "assets/[name][ext][query]" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return dev || !urlProd ? content : toProductionManifest(content.toString(), urlProd);
            },
          },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: {
        type: "https",
        options: env.WEBPACK_BUILD || options.https !== undefined ? options.https : await getHttpsOptions(),
      },
      port: process.env.npm_package_config_dev_server_port || 3000,
    },
  };
};
