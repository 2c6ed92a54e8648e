/** The database used when a MongoDB URI names none; kept apart so parsing the setting does not load the driver. */
export const DEFAULT_MONGODB_DATABASE = 'hallmark';
