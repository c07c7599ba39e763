import { audioLibraryFactory } from './audio-library.js';
import {
  savedProjectSceneFactory,
  savedProjectSfxFactory,
  savedProjectVersionFactory,
} from './saved-project-parts.js';
import { savedProjectFactory } from './saved-projects.js';

export const studioFactories = {
  audioLibrary: audioLibraryFactory,
  savedProject: savedProjectFactory,
  savedProjectScene: savedProjectSceneFactory,
  savedProjectSfx: savedProjectSfxFactory,
  savedProjectVersion: savedProjectVersionFactory,
} as const;
