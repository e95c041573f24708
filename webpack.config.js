// Build of the CLV add-in: one shared runtime (DESIGN §1). The task pane page loads the functions and
// commands bundles too, so custom functions and the pane share one JavaScript runtime.
const fs = require("fs");
const path = require("path");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const { toProductionManifest } = require("./scripts/manifest-url");

// Production builds rewrite every localhost URL in the manifest to the host the add-in is deployed to.
const urlProd = process.env.CLV_ADDIN_URL || "https://clv-addin.example.org/";

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
              return dev ? content : toProductionManifest(content.toString(), urlProd);
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
