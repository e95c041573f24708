/*
 * A local test double of office.js for the end-to-end test of the task pane. The test serves this file
 * in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js, so the pane runs in headless
 * Chromium without Office and without network.
 *
 * It provides `Office.onReady`, `Excel.run` and a small in-memory workbook: existing sheets hold cell
 * values (set by the test through `window.__fake`), and everything the pane does to the workbook is
 * appended to `window.__fake.log` as plain data (sheet added/deleted, values and formulas written,
 * formats, conditional formats, tables, charts, syncs) so the test can assert what was handed to Excel.
 * Objects the test does not need to model (formats, charts) are recording proxies: every property set
 * and method call on them is logged with its path.
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
  Range.prototype.load = function () {
    return this;
  };
  Object.defineProperty(Range.prototype, "values", {
    get: function () {
      var s = findSheet(this.sheetName);
      var cells = (s && s.cells) || [];
      var out = [];
      for (var i = 0; i < this.rowCount; i++) {
        var row = [];
        for (var j = 0; j < this.columnCount; j++) {
          var r = cells[this.rowIndex + i];
          var v = r ? r[this.columnIndex + j] : undefined;
          row.push(v === undefined || v === null ? "" : v);
        }
        out.push(row);
      }
      return out;
    },
    set: function (v) {
      log.push({ op: "values", sheet: this.sheetName, address: this.address, row: this.rowIndex, column: this.columnIndex, rows: this.rowCount, columns: this.columnCount, values: v });
    },
  });
  Object.defineProperty(Range.prototype, "formulas", {
    set: function (v) {
      log.push({ op: "formulas", sheet: this.sheetName, address: this.address, row: this.rowIndex, column: this.columnIndex, rows: this.rowCount, columns: this.columnCount, formulas: v });
    },
  });
  Object.defineProperty(Range.prototype, "numberFormat", {
    set: function (v) {
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
          log.push({ op: "chart", id: cid, sheet: name, type: type, source: range.address, seriesBy: seriesBy });
          return recorder(cid);
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
        return new Range(selection.sheet, selection.row, selection.column, selection.rows, selection.columns);
      },
    },
    sync: function () {
      log.push({ op: "sync" });
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
  function CustomFunctionError(code, message) {
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
    sheetNames: function () {
      return sheets.map(function (s) {
        return s.name;
      });
    },
    clearLog: function () {
      log.length = 0;
    },
  };
})();
