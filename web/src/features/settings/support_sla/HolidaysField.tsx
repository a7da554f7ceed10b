// A calendar's holidays: a date input with "Add holiday" (Enter adds too), the dates as chips in
// order, each removable; a date the server refused (holidays[2]) is marked at its chip.
import { useId, useState } from "react";
import { Button } from "../../../components/Button";
import { fieldStyles } from "../../../components/Field";
import { formatDate, t } from "../../../i18n";
import { addHoliday, MAX_HOLIDAYS } from "./calendar";
import { Chips } from "./Chips";
import styles from "./sla.module.css";

export function HolidaysField({ holidays, onChange, errors }: { holidays: string[]; onChange: (h: string[]) => void; errors: Record<string, string> }) {
  const [date, setDate] = useState("");
  const id = useId();
  const add = () => {
    if (!/^\d{4}-\d\d-\d\d$/.test(date)) return;
    onChange(addHoliday(holidays, date));
    setDate("");
  };
  return (
    <fieldset className={styles.section} aria-describedby={`${id}-help`}>
      <legend>{t("hours.holidays")}</legend>
      <p id={`${id}-help`} className={styles.explain}>
        {t("hours.holidaysHelp")}
      </p>
      <div className={styles.adder}>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={id}>
            {t("hours.holidayDate")}
          </label>
          <input
            id={id}
            type="date"
            className={fieldStyles.input}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
        </div>
        <Button onClick={add} disabled={!date || holidays.length >= MAX_HOLIDAYS}>
          {t("hours.addHoliday")}
        </Button>
      </div>
      <Chips
        values={holidays}
        label={(d) => formatDate(d)}
        onRemove={(d) => onChange(holidays.filter((x) => x !== d))}
        errorAt={(i) => errors[`holidays[${i}]`]}
        empty={t("hours.noHolidays")}
      />
      {errors.holidays && (
        <span className={fieldStyles.error} role="alert">
          {errors.holidays}
        </span>
      )}
    </fieldset>
  );
}
