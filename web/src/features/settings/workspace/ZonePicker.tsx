// The workspace's time zone, chosen by typing part of its name or offset ("paris", "new york",
// "utc+1") in a combobox over the browser's IANA zones, each with its offset now. Under it, the
// time it is now there, so the admin sees at once whether the choice is the one they meant.
import { useEffect, useMemo, useState } from "react";
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from "react-aria-components";
import { Icon } from "../../../components/Icon";
import { fieldStyles } from "../../../components/Field";
import pickers from "../../../components/fields/fields.module.css";
import { formatTimeIn, t } from "../../../i18n";
import { zoneIds, zoneList, zoneMatches, type Zone } from "./zones";
import styles from "./workspace.module.css";

/** The time now, renewed every 15 seconds so a clock on screen is never more than that behind. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const h = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(h);
  }, []);
  return now;
}

export function ZonePicker({
  value,
  saved,
  onChange,
  error,
  disabled,
}: {
  value: string;
  /** The stored zone, offered even when this browser does not list it. */
  saved: string;
  onChange: (zone: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const now = useNow();
  // Offsets move with daylight saving: the list is made again when the hour changes.
  const hour = Math.floor(now.getTime() / 3_600_000);
  const zones = useMemo(() => zoneList(zoneIds(saved), new Date(hour * 3_600_000)), [saved, hour]);
  const byLabel = useMemo(() => new Map(zones.map((z) => [z.label, z])), [zones]);
  const chosen = zones.find((z) => z.id === value);
  const clock = formatTimeIn(value, now);

  return (
    <ComboBox
      className={fieldStyles.field}
      defaultItems={zones}
      defaultFilter={(label, typed) => {
        const z = byLabel.get(label);
        return z ? zoneMatches(z, typed) : false;
      }}
      selectedKey={value}
      onSelectionChange={(key) => key !== null && onChange(String(key))}
      menuTrigger="focus"
      isInvalid={!!error}
      isDisabled={disabled}
    >
      <Label className={fieldStyles.label}>{t("workspace.zone")}</Label>
      <div className={pickers.comboInput}>
        <Input className={fieldStyles.input} placeholder={t("workspace.zoneSearch")} />
        <Button className={pickers.comboButton} aria-label={t("workspace.zoneShowAll")}>
          <Icon name="chevronRight" size={14} />
        </Button>
      </div>
      {clock && chosen && (
        <Text slot="description" className={styles.clock}>
          {t("workspace.zoneNow", { zone: chosen.label, time: clock, offset: chosen.offset })}
        </Text>
      )}
      {error && (
        <Text slot="errorMessage" className={fieldStyles.error} role="alert">
          {error}
        </Text>
      )}
      <Popover className={styles.popover}>
        <ListBox className={styles.listbox} renderEmptyState={() => <div className={styles.emptyOption}>{t("workspace.zoneNone")}</div>}>
          {(z: Zone) => (
            <ListBoxItem id={z.id} textValue={z.label} className={styles.option}>
              <span>{z.label}</span>
              <span className={styles.offset}>{z.offset}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
