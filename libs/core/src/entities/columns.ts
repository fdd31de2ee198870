import { Column, ColumnOptions } from 'typeorm';

/**
 * Column kinds that must mean the same on SQLite and PostgreSQL. `type: Date` lets each
 * driver pick its own timestamp type (datetime / timestamp); JSON is stored as text on both
 * so the two databases hold identical values.
 */
export function TimestampColumn(name: string, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ name, type: Date, nullable: true, ...options });
}

export function JsonColumn(name: string, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ name, type: 'simple-json', nullable: true, ...options });
}

export function TextColumn(name: string, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: 255, nullable: true, ...options });
}
