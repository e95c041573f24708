/*
 * A local test double of office.js for the end-to-end test of the task pane. The test serves this file
 * in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js, so the pane runs in headless
 * Chromium without Office and without network.
 *
 * It provides `Office.onReady`, `Excel.run` and a small in-memory workbook: existing sheets hold cell
 * values (set by the test through `window.__fake`), and everything the pane does to the workbook is
 * appended to `window.__fake.log` as plain data (sheet added/deleted, values and formulas written,
 * formats, conditional formats, tables, charts, syncs) so the test can assert what was handed to Excel.
 * Objects the test does not need to model (formats, chart titles and axes) are recording proxies:
 * every property set and method call on them is logged with its path. What the pane writes is kept as
 * the JSON of each request's block (what Office.js sends to Excel) and read back through a grid built
 * from it on demand, so that a million-row build's sheets do not sit in the page's heap as objects;
 * `__fake.setLogCellLimit(n)` logs blocks of more than n cells by address and size only.
 *
 * Like excelMock.ts it enforces what Excel enforces (docs/excel-behaviour.md): the 1,048,576 × 16,384
 * grid, sheet-name rules, written arrays of the range's shape, en-US formulas, the 5 MB request and
 * response payloads of Excel on the web, InvalidSelection for a multi-area selection, a table's
 * totals row, Excel.ChartSeriesBy (one series per column or per row of the source range), dynamic
 * arrays present or not (an array constant spills or shows its first element), and the custom-function
 * message rule (a message only with #VALUE! and #N/A).
 */
/* eslint-disable @typescript-eslint/no-this-alias -- ES5 style: the double runs as plain browser script */
(function () {
  "use strict";

  var log = [];
  var sheets = []; // { name, cells: unknown[][] | null }
  var tables = []; // { name, sheet, row, column, rows, columns, showHeaders }
  var selection = { sheet: "Sheet1", row: 0, column: 0, rows: 1, columns: 1 };
  var ids = 0;
  var syncDelay = 0;
  var MAX_ROWS = 1048576;
  var MAX_COLUMNS = 16384;
  var PAYLOAD_LIMIT = 5 * 1024 * 1024;
  var dynamicArrays = true;
  var requestBytes = 0;
  var responseBytes = 0;
  var charts = []; // { id, sheet, type, seriesBy, series: [{ name, values: Range, xValues: Range }] }
  // What the add-in wrote, per sheet: the blocks as the JSON of their request (as Office.js sends them;
  // a flat string per block keeps a million-row build's sheets out of the page's traced heap, since in
  // Excel they live in Excel, not in the pane), and a grid of cells made from them when a read needs it.
  var written = {}; // sheet name -> { blocks: [{ row, column, json, formulas }], grid: rows (sparse arrays) | null }
  var logCellLimit = Infinity; // blocks of more cells are logged without their cells (scale tests)

  function colLetter(c) {
    var n = c + 1;
    var s = "";
    while (n > 0) {
      var r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  function address(sheet, row, column, rows, columns) {
    var first = colLetter(column) + (row + 1);
    if (rows === 1 && columns === 1) return sheet + "!" + first;
    return sheet + "!" + first + ":" + colLetter(column + columns - 1) + (row + rows);
  }

  function findSheet(name) {
    for (var i = 0; i < sheets.length; i++) if (sheets[i].name.toLowerCase() === String(name).toLowerCase()) return sheets[i];
    return null;
  }

  function sheetNameRefusal(name) {
    if (typeof name !== "string" || name.length === 0 || name.length > 31) return "a sheet name has 1 to 31 characters";
    if (/[:\\/?*[\]]/.test(name)) return "a sheet name cannot contain : \\ / ? * [ ]";
    if (name.charAt(0) === "'" || name.charAt(name.length - 1) === "'") return "a sheet name cannot begin or end with an apostrophe";
    if (name.toLowerCase() === "history") return "History is a reserved sheet name";
    return null;
  }

  /** en-US list separator: a semicolon only inside an array constant (strings and quoted names skipped). */
  function formulaRefusal(f) {
    if (typeof f !== "string" || f.charAt(0) !== "=") return null;
    var inString = false;
    var inSheet = false;
    var braces = 0;
    for (var i = 1; i < f.length; i++) {
      var ch = f.charAt(i);
      if (inString) {
        if (ch === '"') {
          if (f.charAt(i + 1) === '"') i++;
          else inString = false;
        }
        continue;
      }
      if (inSheet) {
        if (ch === "'") {
          if (f.charAt(i + 1) === "'") i++;
          else inSheet = false;
        }
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === "'") inSheet = true;
      else if (ch === "{") braces++;
      else if (ch === "}") braces--;
      else if (ch === ";" && braces === 0) return "a semicolon outside an array constant (en-US separates arguments with commas): " + f;
    }
    return null;
  }

  /** Refuses an array of another shape than the range; returns its JSON (counted in the request). */
  function checkShape(range, v, what) {
    var ok = Array.isArray(v) && v.length === range.rowCount;
    for (var i = 0; ok && i < v.length; i++) ok = Array.isArray(v[i]) && v[i].length === range.columnCount;
    if (!ok) throw officeError("InvalidArgument", "The " + what + " array does not match the range's " + range.rowCount + " x " + range.columnCount + " cells");
    var json = JSON.stringify(v);
    requestBytes += json.length;
    return json;
  }

  function store(range, json, isFormula) {
    var sheet = written[range.sheetName] || (written[range.sheetName] = { blocks: [], grid: null });
    sheet.blocks.push({ row: range.rowIndex, column: range.columnIndex, json: json, formulas: isFormula, dynamicArrays: dynamicArrays });
    sheet.grid = null;
  }

  /** The cells a sheet shows from what was written (later writes win), made once per change. */
  function gridOf(sheetName) {
    var sheet = written[sheetName];
    if (!sheet) return [];
    if (sheet.grid) return sheet.grid;
    var grid = [];
    var put = function (r, c, value) {
      (grid[r] || (grid[r] = []))[c] = value;
    };
    sheet.blocks.forEach(function (b) {
      var v = JSON.parse(b.json);
      for (var i = 0; i < v.length; i++) {
        for (var j = 0; j < v[i].length; j++) {
          var cell = v[i][j];
          // An array constant spills only with dynamic arrays (otherwise the cell shows its first element).
          var m = b.formulas && typeof cell === "string" ? /^=\{([^{}"]*)\}$/.exec(cell) : null;
          if (!m) {
            // A leading apostrophe makes Excel keep the entry as text; the cell's value is what follows.
            put(b.row + i, b.column + j, typeof cell === "string" && cell.charAt(0) === "'" ? cell.slice(1) : cell);
            continue;
          }
          var rows = m[1].split(";");
          for (var di = 0; di < rows.length; di++) {
            var items = rows[di].split(",");
            for (var dj = 0; dj < items.length; dj++) {
              if ((di > 0 || dj > 0) && !b.dynamicArrays) continue;
              put(b.row + i + di, b.column + j + dj, Number(items[dj]));
            }
          }
        }
      }
    });
    sheet.grid = grid;
    return grid;
  }

  /** A written block as the log keeps it: its cells, or only its size above the log's cell limit. */
  function logged(v) {
    return v.length * (v[0] ? v[0].length : 0) <= logCellLimit ? v : null;
  }

  function columnNumber(letters) {
    var n = 0;
    for (var i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
    return n;
  }

  /** The cells of sheet rows r0..r1 (0-based, inclusive) and columns c0..c1, as a 2-D array. */
  function sliceOf(sheetName, r0, c0, r1, c1) {
    var s = findSheet(sheetName);
    var cells = (s && s.cells) || [];
    var out = [];
    for (var r = r0; r <= r1; r++) {
      var line = [];
      for (var c = c0; c <= c1; c++) {
        var v = cells[r] ? cells[r][c] : undefined;
        line.push(v === undefined || v === null ? "" : v);
      }
      out.push(line);
    }
    return out;
  }

  /**
   * The bytes a custom function receives from the ranges its formula names on other sheets
   * (Sheet!$A$2:$A$N) and from table columns (Table[[Header]]), as the JSON of the 2-D arrays. Spill
   * references (A21#) need a calculation engine and are not counted here.
   */
  function customFunctionInputBytes(formula) {
    var bytes = 0;
    var re = /(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)/g;
    var m;
    while ((m = re.exec(formula))) {
      var sheet = m[1] ? m[1].replace(/''/g, "'") : m[2];
      bytes += JSON.stringify(sliceOf(sheet, Number(m[4]) - 1, columnNumber(m[3]) - 1, Number(m[6]) - 1, columnNumber(m[5]) - 1)).length;
    }
    var st = /([A-Za-z_][A-Za-z0-9_.]*)\[\[((?:[^\]']|'.)+)\]\]/g;
    while ((m = st.exec(formula))) {
      for (var i = 0; i < tables.length; i++) {
        var t = tables[i];
        if (t.name !== m[1]) continue;
        var header = m[2].replace(/'(.)/g, "$1");
        var head = sliceOf(t.sheet, t.row, t.column, t.row, t.column + t.columns - 1)[0];
        var k = head.indexOf(header);
        if (k >= 0) bytes += JSON.stringify(sliceOf(t.sheet, t.row + 1, t.column + k, t.row + t.rows - 1 - (t.showTotals ? 1 : 0), t.column + k)).length;
      }
    }
    return bytes;
  }

  function officeError(code, message) {
    var e = new Error(message);
    e.name = "RichApi.Error";
    e.code = code;
    return e;
  }

  /** Plain data for the log: ranges become their address. */
  function plain(v) {
    if (v && v.__isRange) return v.address;
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === "object") {
      var o = {};
      Object.keys(v).forEach(function (k) {
        o[k] = plain(v[k]);
      });
      return o;
    }
    return v;
  }

  /** A proxy that logs every property set and call below `path`. */
  function recorder(path) {
    var target = function () {};
    return new Proxy(target, {
      get: function (_t, prop) {
        if (typeof prop === "symbol" || prop === "then" || prop === "toJSON") return undefined;
        if (prop === "load") return function () { return recorder(path); };
        return recorder(path + "." + String(prop));
      },
      set: function (_t, prop, value) {
        log.push({ op: "set", path: path + "." + String(prop), value: plain(value) });
        return true;
      },
      apply: function (_t, _this, args) {
        log.push({ op: "call", path: path, args: args.map(plain) });
        return recorder(path + "()");
      },
    });
  }

  function Range(sheet, row, column, rows, columns) {
    if (!(row >= 0 && column >= 0 && rows >= 1 && columns >= 1 && row + rows <= MAX_ROWS && column + columns <= MAX_COLUMNS)) {
      throw officeError("InvalidArgument", "The range lies outside the grid of 1,048,576 rows x 16,384 columns");
    }
    this.__isRange = true;
    this.sheetName = sheet;
    this.rowIndex = row;
    this.columnIndex = column;
    this.rowCount = rows;
    this.columnCount = columns;
    this.cellCount = rows * columns;
    this.isNullObject = false;
    this.address = address(sheet, row, column, rows, columns);
    this.format = recorder(this.address + ".format");
    var self = this;
    this.conditionalFormats = {
      add: function (type) {
        var id = "cf" + ++ids;
        log.push({ op: "conditionalFormat", id: id, address: self.address, type: type });
        return recorder(id);
      },
    };
  }
  Range.prototype.load = function (props) {
    var list = typeof props === "string" ? props : Array.isArray(props) ? props.join(",") : "";
    if (/(^|,)\s*values\s*(,|$)/.test(list)) {
      if (this.cellCount > 5000000) throw officeError("ResponsePayloadSizeLimitExceeded", "A range read is limited to 5,000,000 cells.");
      responseBytes += JSON.stringify(this.values).length;
    }
    return this;
  };
  Object.defineProperty(Range.prototype, "values", {
    get: function () {
      var s = findSheet(this.sheetName);
      var cells = (s && s.cells) || [];
      var grid = gridOf(this.sheetName);
      var out = [];
      for (var i = 0; i < this.rowCount; i++) {
        var row = [];
        var r = cells[this.rowIndex + i];
        var w = grid[this.rowIndex + i];
        for (var j = 0; j < this.columnCount; j++) {
          var v = r ? r[this.columnIndex + j] : undefined;
          if (v === undefined && w) v = w[this.columnIndex + j];
          row.push(v === undefined || v === null ? "" : v);
        }
        out.push(row);
      }
      return out;
    },
    set: function (v) {
      store(this, checkShape(this, v, "values"), false);
      log.push({ op: "values", sheet: this.sheetName, address: this.address, row: this.rowIndex, column: this.columnIndex, rows: this.rowCount, columns: this.columnCount, values: logged(v) });
    },
  });
  Object.defineProperty(Range.prototype, "formulas", {
    set: function (v) {
      var json = checkShape(this, v, "formulas");
      for (var i = 0; i < v.length; i++) {
        for (var j = 0; j < v[i].length; j++) {
          var refusal = formulaRefusal(v[i][j]);
          if (refusal) throw officeError("InvalidArgument", "Excel does not accept the formula: " + refusal);
        }
      }
      store(this, json, true);
      for (var a = 0; a < v.length; a++) {
        for (var b = 0; b < v[a].length; b++) {
          var f = v[a][b];
          if (typeof f === "string" && /CLV\./i.test(f)) log.push({ op: "cfPayload", sheet: this.sheetName, row: this.rowIndex + a, column: this.columnIndex + b, formula: f, inBytes: customFunctionInputBytes(f) });
        }
      }
      log.push({ op: "formulas", sheet: this.sheetName, address: this.address, row: this.rowIndex, column: this.columnIndex, rows: this.rowCount, columns: this.columnCount, formulas: logged(v) });
    },
  });
  Object.defineProperty(Range.prototype, "numberFormat", {
    set: function (v) {
      checkShape(this, v, "numberFormat");
      log.push({ op: "numberFormat", sheet: this.sheetName, address: this.address, format: v && v[0] ? v[0][0] : v, rows: v.length });
    },
  });
  Object.defineProperty(Range.prototype, "worksheet", {
    get: function () {
      return worksheetObject(this.sheetName);
    },
  });
  Range.prototype.getTables = function () {
    var self = this;
    var items = tables
      .filter(function (t) {
        return (
          t.sheet === self.sheetName &&
          self.rowIndex < t.row + t.rows &&
          t.row < self.rowIndex + self.rowCount &&
          self.columnIndex < t.column + t.columns &&
          t.column < self.columnIndex + self.columnCount
        );
      })
      .map(function (t) {
        return {
          name: t.name,
          showHeaders: t.showHeaders !== false,
          showTotals: t.showTotals === true,
          load: function () {
            return this;
          },
          getRange: function () {
            return new Range(t.sheet, t.row, t.column, t.rows, t.columns);
          },
        };
      });
    return { items: items, load: function () { return this; } };
  };
  /** The used block of the sheet (the test's data sit in one block from A1). */
  Range.prototype.getSurroundingRegion = function () {
    return usedRange(this.sheetName);
  };
  Range.prototype.getIntersectionOrNullObject = function (other) {
    var r0 = Math.max(this.rowIndex, other.rowIndex);
    var c0 = Math.max(this.columnIndex, other.columnIndex);
    var r1 = Math.min(this.rowIndex + this.rowCount, other.rowIndex + other.rowCount);
    var c1 = Math.min(this.columnIndex + this.columnCount, other.columnIndex + other.columnCount);
    if (r1 <= r0 || c1 <= c0) {
      var nul = new Range(this.sheetName, 0, 0, 1, 1);
      nul.isNullObject = true;
      return nul;
    }
    return new Range(this.sheetName, r0, c0, r1 - r0, c1 - c0);
  };

  function usedRange(sheetName) {
    var s = findSheet(sheetName);
    var cells = (s && s.cells) || [];
    var width = 0;
    cells.forEach(function (r) {
      width = Math.max(width, r.length);
    });
    return new Range(sheetName, 0, 0, Math.max(1, cells.length), Math.max(1, width));
  }

  function worksheetObject(name) {
    var id = "sheet:" + name;
    return {
      name: name,
      load: function () {
        return this;
      },
      set tabColor(v) {
        log.push({ op: "set", path: id + ".tabColor", value: v });
      },
      getRangeByIndexes: function (r, c, nr, nc) {
        return new Range(name, r, c, nr, nc);
      },
      getUsedRange: function () {
        return usedRange(name);
      },
      delete: function () {
        var s = findSheet(name);
        if (!s) throw officeError("ItemNotFound", "The requested resource doesn't exist.");
        sheets.splice(sheets.indexOf(s), 1);
        delete written[s.name];
        log.push({ op: "deleteSheet", name: name });
      },
      activate: function () {
        log.push({ op: "activate", name: name });
      },
      freezePanes: recorder(id + ".freezePanes"),
      tables: {
        add: function (range, hasHeaders) {
          var tid = "table" + ++ids;
          log.push({ op: "table", id: tid, sheet: name, address: range.address, hasHeaders: hasHeaders });
          return recorder(tid);
        },
      },
      charts: {
        add: function (type, range, seriesBy) {
          var cid = "chart" + ++ids;
          // Excel.ChartSeriesBy: one series per column or per row of the source; "Auto" guesses from the
          // shape on desktop and means "Columns" on Excel on the web (the platform this double plays).
          if (seriesBy !== "Auto" && seriesBy !== "Columns" && seriesBy !== "Rows") throw officeError("InvalidArgument", "seriesBy must be Auto, Columns or Rows");
          var by = seriesBy === "Auto" ? "Columns" : seriesBy;
          var rec = { id: cid, sheet: name, type: type, seriesBy: seriesBy, source: range.address, series: [] };
          var count = by === "Columns" ? range.columnCount : range.rowCount;
          for (var k = 0; k < count; k++) {
            var values = by === "Columns" ? new Range(name, range.rowIndex, range.columnIndex + k, range.rowCount, 1) : new Range(name, range.rowIndex + k, range.columnIndex, 1, range.columnCount);
            rec.series.push({ name: "Series" + (k + 1), values: values, xValues: null });
          }
          charts.push(rec);
          log.push({ op: "chart", id: cid, sheet: name, type: type, source: range.address, seriesBy: seriesBy });
          function seriesObject(entry, index) {
            var sid = cid + ".series" + index;
            return {
              set name(v) {
                entry.name = v;
              },
              get name() {
                return entry.name;
              },
              format: recorder(sid + ".format"),
              setValues: function (r) {
                if (r.rowCount > 1 && r.columnCount > 1) throw officeError("InvalidArgument", "A series' values must be a single row or column");
                entry.values = r;
              },
              setXAxisValues: function (r) {
                entry.xValues = r;
              },
            };
          }
          var base = recorder(cid);
          var collection = {
            getItemAt: function (i) {
              if (!rec.series[i]) throw officeError("ItemNotFound", "The chart has no series at index " + i);
              return seriesObject(rec.series[i], i);
            },
            add: function (seriesName) {
              var entry = { name: seriesName, values: null, xValues: null };
              rec.series.push(entry);
              return seriesObject(entry, rec.series.length - 1);
            },
          };
          return new Proxy(base, {
            get: function (t, prop) {
              if (prop === "series") return collection;
              return base[prop];
            },
          });
        },
      },
    };
  }

  var worksheets = {
    load: function () {
      return this;
    },
    get items() {
      return sheets.map(function (s) {
        return { name: s.name };
      });
    },
    getItem: function (name) {
      if (!findSheet(name)) throw officeError("ItemNotFound", "The requested resource doesn't exist.");
      return worksheetObject(findSheet(name).name);
    },
    add: function (name) {
      var refusal = sheetNameRefusal(name);
      if (refusal) throw officeError("InvalidArgument", "Excel refuses the sheet name: " + refusal);
      if (findSheet(name)) throw officeError("ItemAlreadyExists", "A resource with the same name or identifier already exists.");
      sheets.push({ name: name, cells: null });
      log.push({ op: "addSheet", name: name });
      return worksheetObject(name);
    },
  };

  var workbookTables = {
    load: function () {
      return this;
    },
    get items() {
      return tables.map(function (t) {
        return { name: t.name };
      });
    },
  };

  var context = {
    workbook: {
      worksheets: worksheets,
      tables: workbookTables,
      getSelectedRange: function () {
        // Excel throws InvalidSelection when several areas are selected (Ctrl+click).
        if (selection.areas > 1) throw officeError("InvalidSelection", "The current selection is invalid for this operation.");
        return new Range(selection.sheet, selection.row, selection.column, selection.rows, selection.columns);
      },
    },
    sync: function () {
      log.push({ op: "sync", requestBytes: requestBytes, responseBytes: responseBytes });
      var request = requestBytes;
      var response = responseBytes;
      requestBytes = 0;
      responseBytes = 0;
      if (request > PAYLOAD_LIMIT) return Promise.reject(officeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit."));
      if (response > PAYLOAD_LIMIT) return Promise.reject(officeError("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit."));
      return new Promise(function (resolve) {
        setTimeout(resolve, syncDelay);
      });
    },
  };

  window.Excel = {
    run: function (callback) {
      return Promise.resolve().then(function () {
        return callback(context);
      });
    },
  };

  window.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    context: { requirements: { isSetSupported: function () { return true; } } },
    onReady: function (callback) {
      var info = { host: "Excel", platform: "OfficeOnline" };
      return new Promise(function (resolve) {
        setTimeout(function () {
          if (callback) callback(info);
          resolve(info);
        }, 0);
      });
    },
    actions: { associate: function () {} },
  };

  // The shared runtime's functions bundle registers the custom functions on load.
  // Excel shows a custom message only with #VALUE! and #N/A; code that attaches one to another code
  // fails here instead of silently losing its words.
  function CustomFunctionError(code, message) {
    if (message && code !== "#VALUE!" && code !== "#N/A") throw new Error("Excel cannot show a message with " + code + ": " + message);
    this.code = code;
    this.message = message || "";
  }
  window.CustomFunctions = {
    associate: function () {},
    Error: CustomFunctionError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
  };

  window.__fake = {
    log: log,
    setSheet: function (name, cells) {
      var s = findSheet(name);
      if (s) s.cells = cells;
      else sheets.push({ name: name, cells: cells });
    },
    addTable: function (t) {
      tables.push(t);
    },
    setSelection: function (s) {
      selection = s;
    },
    setSyncDelay: function (ms) {
      syncDelay = ms;
    },
    setDynamicArrays: function (on) {
      dynamicArrays = !!on;
    },
    /** the charts as Excel would draw them: each series' name, cells and number of points */
    charts: function () {
      return charts.map(function (c) {
        return {
          id: c.id,
          sheet: c.sheet,
          type: c.type,
          seriesBy: c.seriesBy,
          series: c.series.map(function (e) {
            return { name: e.name, values: e.values && e.values.address, points: e.values ? e.values.rowCount * e.values.columnCount : 0, xValues: e.xValues && e.xValues.address };
          }),
        };
      });
    },
    sheetNames: function () {
      return sheets.map(function (s) {
        return s.name;
      });
    },
    /** Blocks of more cells than `n` are logged with their address and size only (values/formulas null). */
    setLogCellLimit: function (n) {
      logCellLimit = n;
    },
    /** What a sheet shows in rows r..r+rows-1, columns c..c+columns-1 (0-based): data or written values. */
    cellsOf: function (sheet, r, c, rows, columns) {
      return new Range(sheet, r, c, rows, columns).values;
    },
    /** The first cell (0-based row and column, by rows) of a written sheet that holds `value`, or null. */
    find: function (sheet, value) {
      var grid = gridOf(sheet);
      for (var r = 0; r < grid.length; r++) {
        var line = grid[r];
        if (!line) continue;
        for (var c = 0; c < line.length; c++) if (line[c] === value) return { row: r, column: c };
      }
      return null;
    },
    /** Rows of a written sheet from `r` down to the first row whose column `c` is empty. */
    rowsFrom: function (sheet, r, c) {
      var grid = gridOf(sheet);
      var n = 0;
      while (grid[r + n] && grid[r + n][c] !== undefined && grid[r + n][c] !== "") n++;
      return n;
    },
    clearLog: function () {
      log.length = 0;
      charts.length = 0;
    },
  };
})();
