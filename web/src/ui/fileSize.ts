import { useTranslation } from 'react-i18next';

/** A number of bytes in words, in the reader's language ("20 MB", "512 kB"). */
export function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return (bytes: number) => {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return new Intl.NumberFormat(i18n.language, {
      style: 'unit',
      unit: units[unit],
      unitDisplay: unit === 0 ? 'long' : 'short',
      maximumFractionDigits: unit === 0 ? 0 : 1,
    }).format(value);
  };
}
