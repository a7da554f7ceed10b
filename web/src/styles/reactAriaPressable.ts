// react-aria's press handling (usePress: RAC Button, ListBoxItem, anywhere in the app) injects a
// <style> element the first time a pressable mounts, which the UI's Content-Security-Policy
// (style-src 'self') blocks and reports. It skips the injection when an element with its id exists,
// so one is placed here, before anything renders, and the rule it would have added lives in
// reactAriaPressable.css instead.
import "./reactAriaPressable.css";

const ID = "react-aria-pressable-style";

if (typeof document !== "undefined" && !document.getElementById(ID)) {
  const marker = document.createElement("meta");
  marker.id = ID;
  document.head.prepend(marker);
}
