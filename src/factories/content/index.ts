import {
  characterFactory,
  characterVariantFactory,
  colorPresetFactory,
  sceneCharacterSlotFactory,
} from './characters.js';
import {
  blogCategoryFactory,
  blogPostFactory,
  blogPostTagFactory,
  faqFactory,
  pageFactory,
  slideFactory,
} from './cms.js';
import { sceneColorFactory, sceneElementFactory, sceneFactory } from './scenes.js';
import { categoryFactory, fontFactory, tagFactory } from './taxonomy.js';
import {
  containerFactory,
  containerTagFactory,
  projectColorFactory,
  projectFactory,
  templateSvgPreviewFactory,
} from './templates.js';

/** Schema content: taxonomy, template containers and their aspect projects, scenes, characters, CMS. */
export const contentFactories = {
  category: categoryFactory,
  tag: tagFactory,
  font: fontFactory,
  container: containerFactory,
  containerTag: containerTagFactory,
  project: projectFactory,
  projectColor: projectColorFactory,
  templateSvgPreview: templateSvgPreviewFactory,
  scene: sceneFactory,
  sceneElement: sceneElementFactory,
  sceneColor: sceneColorFactory,
  character: characterFactory,
  characterVariant: characterVariantFactory,
  sceneCharacterSlot: sceneCharacterSlotFactory,
  colorPreset: colorPresetFactory,
  blogCategory: blogCategoryFactory,
  blogPost: blogPostFactory,
  blogPostTag: blogPostTagFactory,
  slide: slideFactory,
  page: pageFactory,
  faq: faqFactory,
} as const;
