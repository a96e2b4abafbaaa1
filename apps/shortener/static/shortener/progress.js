// While an import runs, its page reloads every two seconds to show how far it got.
"use strict";
if (document.querySelector("#import-progress[data-running]")) {
  setTimeout(() => window.location.reload(), 2000);
}
