import { cleanupRunFactory, cleanupScheduleFactory } from './cleanup.js';
import { fileFactory, fileShareFactory } from './files.js';
import { folderFactory } from './folders.js';
import { storageQuotaFactory } from './storage-quotas.js';
import { uploadSessionFactory, uploadSessionPartFactory } from './uploads.js';

export const fileFactories = {
  folder: folderFactory,
  file: fileFactory,
  storageQuota: storageQuotaFactory,
  uploadSession: uploadSessionFactory,
  uploadSessionPart: uploadSessionPartFactory,
  cleanupSchedule: cleanupScheduleFactory,
  cleanupRun: cleanupRunFactory,
  fileShare: fileShareFactory,
} as const;
